import { checkTimelineArgs } from '../live/timeline-args.js';
import { loadersFor } from '../resolvers/loaders.js';
import { AuditEvent } from './audit-event.js';
import { builder } from './builder.js';

// The only subscription root field so far; declared here so the root type lives with its field.
builder.subscriptionType({ authScopes: { read: true } });

builder.subscriptionField('auditEventRecorded', (t) =>
  t.field({
    type: AuditEvent,
    description:
      'The events of one correlation in sequence order as they are recorded. With afterSequence, first replays ' +
      'every stored event above it (0: from the start), then continues live with no gap and no repeat; without ' +
      'it, starts after the current head. To resume after a dropped connection, pass the last sequence seen. ' +
      'A correlation with no events yet is valid: the stream waits for its first event.',
    args: {
      correlationId: t.arg.string({ required: true }),
      afterSequence: t.arg.int({
        required: false,
        description: 'Last sequence already seen; 0 replays everything.',
      }),
    },
    subscribe: async (_root, { correlationId, afterSequence }, { deps }) => {
      checkTimelineArgs(correlationId, afterSequence ?? null);
      return deps.live.subscribe(correlationId, afterSequence ?? null);
    },
    resolve: (event, _args, context) => {
      // One context serves the whole subscription: forget what nested fields loaded for the last
      // event, so a delivered event never shows a stale parent, children or correlation summary.
      for (const loader of Object.values(loadersFor(context))) loader.clearAll();
      return event;
    },
  }),
);
