import {
  type CorrelationWithTimeline,
  findCorrelationWithTimeline,
  listCorrelations,
  listTimeline,
  prefetchedTimeline,
} from '../resolvers/correlations.js';
import { selectedEventColumns, selectedHeadColumns, selectedTimelinePage } from '../resolvers/page-selection.js';
import { loadersFor, readDeps } from '../resolvers/loaders.js';
import { AuditEvent, AuditEventOutcome } from './audit-event.js';
import { builder } from './builder.js';

export const Correlation = builder.objectRef<CorrelationWithTimeline>('Correlation').implement({
  description: 'One remediation: every event sharing a correlationId, summarised from its chain head.',
  fields: (t) => ({
    correlationId: t.exposeString('correlationId'),
    eventCount: t.exposeInt('eventCount'),
    successCount: t.exposeInt('successCount'),
    failureCount: t.exposeInt('failureCount'),
    pendingCount: t.exposeInt('pendingCount'),
    firstEventAt: t.expose('firstEventAt', { type: 'DateTime', description: 'Earliest eventTimestamp.' }),
    lastEventAt: t.expose('lastEventAt', { type: 'DateTime', description: 'Latest eventTimestamp.' }),
    lastSequence: t.exposeInt('lastSequence', { description: 'Sequence of the last recorded event.' }),
    lastOutcome: t.expose('lastOutcome', {
      type: AuditEventOutcome,
      nullable: true,
      description: 'Outcome of the last recorded event (highest sequence).',
    }),
    categories: t.exposeStringList('categories', { description: 'Every eventCategory seen, sorted.' }),
    events: t.connection(
      {
        type: AuditEvent,
        description: 'The events in sequence order (commit order). first/last default to 50, at most 1000.',
        resolve: (c, page, context, info) =>
          prefetchedTimeline(c, page) ??
          listTimeline(readDeps(context), c.correlationId, page, selectedEventColumns(info)),
      },
      { name: 'CorrelationEventConnection' },
      { name: 'CorrelationEventEdge' },
    ),
  }),
});

export const CorrelationFilter = builder.inputType('CorrelationFilter', {
  description: 'Every given field must match. since/until bound the last activity (RFC 3339 or 30m, 24h, 7d).',
  fields: (t) => ({
    since: t.string({ description: 'Last event at or after.' }),
    until: t.string({ description: 'Last event at or before.' }),
    category: t.string({ description: 'Has at least one event of this category.' }),
    outcome: t.field({ type: AuditEventOutcome, description: 'Has at least one event with this outcome.' }),
    lastOutcome: t.field({ type: AuditEventOutcome, description: 'The last recorded event has this outcome.' }),
  }),
});

builder.queryField('correlation', (t) =>
  t.field({
    type: Correlation,
    nullable: true,
    description: 'One remediation by correlationId, or null when it has no events.',
    args: { id: t.arg.string({ required: true }) },
    resolve: async (_root, { id }, context, info) => {
      // Asked with one page of its events (a timeline view): the head and the page in one read.
      const lookahead = selectedTimelinePage(info);
      const found = lookahead ? await findCorrelationWithTimeline(readDeps(context), id, lookahead) : undefined;
      return found === undefined ? loadersFor(context).correlation.load(id) : found;
    },
  }),
);

builder.queryField('correlations', (t) =>
  t.connection(
    {
      type: Correlation,
      description: 'Remediations by last activity, newest first, read from the chain heads.',
      args: { filter: t.arg({ type: CorrelationFilter }) },
      resolve: (_root, { filter, ...page }, context, info) =>
        listCorrelations(readDeps(context), filter, page, selectedHeadColumns(info)),
    },
    { name: 'CorrelationConnection' },
    { name: 'CorrelationEdge' },
  ),
);

builder.objectField(AuditEvent, 'correlation', (t) =>
  t.field({
    type: Correlation,
    description: "The summary of this event's remediation, batched per request.",
    resolve: async (e, _args, context) => {
      const summary = await loadersFor(context).correlation.load(e.correlationId);
      if (!summary) throw new Error(`no chain head for correlation ${e.correlationId}`);
      return summary;
    },
  }),
);
