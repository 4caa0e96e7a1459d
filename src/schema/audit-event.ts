import { OUTCOMES } from '../events/rules.js';
import { getEvent, type StoredAuditEvent } from '../resolvers/get-event.js';
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

export const AuditEvent = builder.objectRef<StoredAuditEvent>('AuditEvent').implement({
  description: 'One stored audit event: immutable, and linked into the hash chain of its correlation.',
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
  }),
});

builder.queryField('auditEvent', (t) =>
  t.field({
    type: AuditEvent,
    nullable: true,
    description: 'One stored event by id, or null.',
    args: { eventId: t.arg({ type: 'UUID', required: true }) },
    resolve: (_root, { eventId }, { deps }) => getEvent(deps.db, eventId),
  }),
);
