import { countEventsBy, type EventCount } from '../resolvers/event-counts.js';
import { toEventFilter } from '../resolvers/event-filter-input.js';
import { readDeps } from '../resolvers/loaders.js';
import { AuditEventOutcome } from './audit-event.js';
import { AuditEventFilter } from './audit-event-filter.js';
import { builder } from './builder.js';

export const AuditEventCountDimension = builder.enumType('AuditEventCountDimension', {
  values: {
    EVENT_TYPE: { value: 'eventType' },
    CATEGORY: { value: 'category' },
    OUTCOME: { value: 'outcome' },
    ACTOR_ID: { value: 'actorId' },
  } as const,
});

export const AuditEventCountInterval = builder.enumType('AuditEventCountInterval', {
  description: 'Width of a time bucket; buckets start on UTC boundaries.',
  values: { MINUTE: { value: 'minute' }, HOUR: { value: 'hour' }, DAY: { value: 'day' } } as const,
});

export const AuditEventCount = builder.objectRef<EventCount>('AuditEventCount').implement({
  description: 'How many events fall in one group; fields not grouped by are null.',
  fields: (t) => ({
    bucket: t.expose('bucket', { type: 'DateTime', nullable: true, description: 'Start of the time bucket.' }),
    eventType: t.exposeString('eventType', { nullable: true }),
    category: t.exposeString('category', { nullable: true }),
    outcome: t.expose('outcome', { type: AuditEventOutcome, nullable: true }),
    actorId: t.exposeString('actorId', { nullable: true }),
    count: t.exposeInt('count'),
  }),
});

builder.queryField('auditEventCounts', (t) =>
  t.field({
    type: [AuditEventCount],
    description:
      'Counts of the events matching a filter, grouped by the given dimensions and time buckets, in bucket ' +
      'order: volume and failure-rate charts. At most 10000 buckets.',
    args: {
      filter: t.arg({ type: AuditEventFilter }),
      groupBy: t.arg({ type: [AuditEventCountDimension], defaultValue: [] }),
      interval: t.arg({ type: AuditEventCountInterval }),
    },
    resolve: (_root, { filter, groupBy, interval }, context) =>
      countEventsBy(readDeps(context), toEventFilter(filter), groupBy ?? [], interval ?? null),
  }),
);
