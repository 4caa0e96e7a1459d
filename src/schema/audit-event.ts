import { OUTCOMES, UUID_PATTERN } from '../events/rules.js';
import { badFilter } from '../resolvers/event-filter.js';
import type { StoredAuditEvent } from '../resolvers/get-event.js';
import { loadersFor, MAX_CHILDREN } from '../resolvers/loaders.js';
import { builder } from './builder.js';

export const AuditEventOutcome = builder.enumType('AuditEventOutcome', {
  values: Object.fromEntries(OUTCOMES.map((o) => [o.toUpperCase(), { value: o }])) as {
    SUCCESS: { value: 'success' };
    FAILURE: { value: 'failure' };
    PENDING: { value: 'pending' };
  },
});

export const AuditActor = builder.objectRef<StoredAuditEvent>('AuditActor').implement({
  description: 'Who caused the event.',
  fields: (t) => ({
    type: t.exposeString('actorType'),
    id: t.exposeString('actorId'),
    ip: t.exposeString('actorIp', { nullable: true }),
  }),
});

export const AuditResource = builder.objectRef<StoredAuditEvent>('AuditResource').implement({
  description: 'What the event acted on.',
  fields: (t) => ({
    type: t.exposeString('resourceType'),
    id: t.exposeString('resourceId'),
    name: t.exposeString('resourceName', { nullable: true }),
  }),
});

export const HashAlgorithm = builder.enumType('HashAlgorithm', {
  values: { SHA256: { value: 'sha256' }, HMAC_SHA256: { value: 'hmac-sha256' } } as const,
});

const AuditEventRef = builder.objectRef<StoredAuditEvent>('AuditEvent');

export const AuditEvent = builder.node(AuditEventRef, {
  description: 'One stored audit event: immutable, and linked into the hash chain of its correlation.',
  id: {
    resolve: (e) => e.eventId,
    parse: (id) => {
      if (!UUID_PATTERN.test(id)) throw badFilter('id', 'id is not the global id of an AuditEvent');
      return id.toLowerCase();
    },
  },
  loadOne: (eventId, context) => loadersFor(context).event.load(eventId),
  fields: (t) => ({
    eventId: t.expose('eventId', { type: 'UUID' }),
    eventVersion: t.exposeString('eventVersion'),
    eventTimestamp: t.expose('eventTimestamp', { type: 'DateTime', description: 'When it happened (client clock).' }),
    eventType: t.exposeString('eventType'),
    eventCategory: t.exposeString('eventCategory'),
    eventAction: t.exposeString('eventAction'),
    eventOutcome: t.expose('eventOutcome', { type: AuditEventOutcome }),
    actor: t.field({ type: AuditActor, resolve: (e) => e }),
    resource: t.field({ type: AuditResource, resolve: (e) => e }),
    correlationId: t.exposeString('correlationId'),
    sequence: t.exposeInt('sequence', { description: 'Position in its correlation: 1, 2, 3… in commit order.' }),
    parentEventId: t.expose('parentEventId', { type: 'UUID', nullable: true }),
    traceId: t.exposeString('traceId', { nullable: true }),
    spanId: t.exposeString('spanId', { nullable: true }),
    namespace: t.exposeString('namespace', { nullable: true }),
    clusterId: t.exposeString('clusterId', { nullable: true }),
    eventData: t.expose('eventData', { type: 'JSONObject' }),
    eventDataDigest: t.exposeString('eventDataDigest', { description: 'SHA-256 of the RFC 8785 form of eventData.' }),
    severity: t.exposeString('severity', { nullable: true }),
    durationMs: t.exposeInt('durationMs', { nullable: true }),
    errorCode: t.exposeString('errorCode', { nullable: true }),
    errorMessage: t.exposeString('errorMessage', { nullable: true }),
    retentionDays: t.exposeInt('retentionDays'),
    isSensitive: t.exposeBoolean('isSensitive'),
    eventHash: t.exposeString('eventHash'),
    previousEventHash: t.exposeString('previousEventHash', { nullable: true }),
    hashAlgorithm: t.expose('hashAlgorithm', { type: HashAlgorithm }),
    recordedAt: t.expose('recordedAt', { type: 'DateTime', description: 'Server time of the storing transaction.' }),
    parent: t.field({
      type: AuditEventRef,
      nullable: true,
      description: 'The causal parent (parentEventId), batched per request.',
      resolve: (e, _args, context) => (e.parentEventId ? loadersFor(context).event.load(e.parentEventId) : null),
    }),
    children: t.field({
      type: [AuditEventRef],
      description: `Events naming this one as parent: the first ${MAX_CHILDREN} in time order, batched per request.`,
      resolve: (e, _args, context) => loadersFor(context).children.load(e.eventId),
    }),
  }),
});

builder.queryField('auditEvent', (t) =>
  t.field({
    type: AuditEvent,
    nullable: true,
    description: 'One stored event by id, or null.',
    args: { eventId: t.arg({ type: 'UUID', required: true }) },
    // Through the request's loader: batched with parent lookups and run under the statement timeout.
    resolve: (_root, { eventId }, context) => loadersFor(context).event.load(eventId),
  }),
);
