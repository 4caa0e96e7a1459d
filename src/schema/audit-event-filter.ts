import type { EventFilterInput } from '../resolvers/event-filter-input.js';
import { AuditEventOutcome } from './audit-event.js';
import { builder } from './builder.js';

export const AuditEventDataPath = builder.inputType('AuditEventDataPath', {
  description:
    'A predicate on one nested eventData value. Give exactly one operator. Numbers compare as numbers and ' +
    'strings as strings; a value of another JSON type never matches an ordering operator.',
  fields: (t) => ({
    path: t.string({
      required: true,
      description: 'Keys and array indexes, e.g. payload.items[0].name; ["odd key"] quotes any key. At most 10 levels.',
    }),
    eq: t.field({ type: 'JSON', description: 'Equal to this string, number or boolean.' }),
    ne: t.field({ type: 'JSON', description: 'Present and not equal to this string, number or boolean.' }),
    gt: t.field({ type: 'JSON', description: 'Greater than this number or string.' }),
    gte: t.field({ type: 'JSON', description: 'Greater than or equal to this number or string.' }),
    lt: t.field({ type: 'JSON', description: 'Less than this number or string.' }),
    lte: t.field({ type: 'JSON', description: 'Less than or equal to this number or string.' }),
    in: t.field({ type: ['JSON'], description: 'Equal to one of these strings, numbers or booleans.' }),
    exists: t.boolean({ description: 'true: the path is present (even as null); false: it is absent.' }),
    like: t.string({ description: 'A string matching this SQL LIKE pattern (% and _ are wildcards).' }),
  }),
});

export const AuditEventFilter = builder.inputRef<EventFilterInput>('AuditEventFilter').implement({
  description:
    'Every given field must match (AND). Lists match any of their values. since/until take an RFC 3339 time ' +
    'or a duration back from now (30m, 24h, 7d) and are inclusive. A filter on eventData needs `since`.',
  fields: (t) => ({
    eventIds: t.field({ type: ['UUID'] }),
    correlationId: t.string(),
    correlationIds: t.stringList(),
    eventType: t.string(),
    eventTypes: t.stringList(),
    eventTypePrefix: t.string({ description: 'Event types starting with this text, e.g. "gateway.".' }),
    category: t.string(),
    action: t.string(),
    outcome: t.field({ type: AuditEventOutcome }),
    outcomes: t.field({ type: [AuditEventOutcome] }),
    actorType: t.string(),
    actorId: t.string(),
    actorIds: t.stringList(),
    resourceType: t.string(),
    resourceId: t.string(),
    namespace: t.string(),
    clusterId: t.string(),
    severity: t.string(),
    parentEventId: t.field({ type: 'UUID' }),
    since: t.string({ description: 'Events at or after: RFC 3339 time, or a duration back from now (24h).' }),
    until: t.string({ description: 'Events at or before: RFC 3339 time, or a duration back from now.' }),
    dataContains: t.field({
      type: 'JSONObject',
      description: 'eventData contains this JSON (PostgreSQL @>), served by the GIN index.',
    }),
    dataPath: t.field({ type: [AuditEventDataPath], description: 'Predicates on nested eventData values.' }),
    and: t.field({ type: [AuditEventFilter], description: 'Every one of these filters matches.' }),
    or: t.field({ type: [AuditEventFilter], description: 'At least one of these filters matches.' }),
    not: t.field({ type: AuditEventFilter, description: 'This filter does not match.' }),
  }),
});

export const AuditEventOrder = builder.enumType('AuditEventOrder', {
  description: 'Order of auditEvents; ties in time are broken by eventId in the same direction.',
  values: {
    TIMESTAMP_DESC: { description: 'Newest first (default).' },
    TIMESTAMP_ASC: { description: 'Oldest first.' },
  } as const,
});
