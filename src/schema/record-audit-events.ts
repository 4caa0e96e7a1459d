import { recordAsCaller } from '../resolvers/record-as-caller.js';
import type { recordEvents } from '../resolvers/record-events.js';
import { AuditEventOutcome } from './audit-event.js';
import { builder } from './builder.js';

export const AuditActorInput = builder.inputType('AuditActorInput', {
  description: 'Who caused the event. Defaults: type "service", id "<eventCategory>-service".',
  fields: (t) => ({
    type: t.string({ description: 'At most 50 characters.' }),
    id: t.string({ description: 'At most 255 characters.' }),
    ip: t.string({ description: 'IPv4 or IPv6 address.' }),
  }),
});

export const AuditResourceInput = builder.inputType('AuditResourceInput', {
  description: 'What the event acted on. Defaults: type = eventCategory, id = correlationId.',
  fields: (t) => ({
    type: t.string({ description: 'At most 100 characters.' }),
    id: t.string({ description: 'At most 255 characters.' }),
    name: t.string({ description: 'At most 255 characters.' }),
  }),
});

export const AuditEventInput = builder.inputType('AuditEventInput', {
  description:
    'One event to record. Every limit is checked before anything is written; see auditLimits for the configured ones.',
  fields: (t) => ({
    eventId: t.string({
      description: 'Client-chosen UUID (use UUIDv7) making retries idempotent; the gateway makes a UUIDv7 if absent.',
    }),
    eventVersion: t.string({ description: 'At most 10 characters. Default "1.0".' }),
    eventTimestamp: t.string({
      required: true,
      description: 'RFC 3339 time it happened; stored at microsecond precision, within the accepted window.',
    }),
    eventType: t.string({ required: true, description: '{service}.{domain}.{action}; at most 100 characters.' }),
    eventCategory: t.string({ required: true, description: 'Emitting service or domain; at most 50 characters.' }),
    eventAction: t.string({ required: true, description: 'At most 50 characters.' }),
    eventOutcome: t.field({ type: AuditEventOutcome, required: true }),
    actor: t.field({ type: AuditActorInput }),
    resource: t.field({ type: AuditResourceInput }),
    correlationId: t.string({ required: true, description: 'Groups one remediation; 1 to 255 characters.' }),
    parentEventId: t.string({ description: 'UUID of a stored event, or of an earlier event in this batch.' }),
    traceId: t.string({ description: 'At most 255 characters.' }),
    spanId: t.string({ description: 'At most 255 characters.' }),
    namespace: t.string({ description: 'At most 253 characters.' }),
    clusterId: t.string({ description: 'At most 255 characters.' }),
    eventData: t.field({ type: 'JSON', required: true, description: 'A JSON object; size and depth limited.' }),
    severity: t.string({ description: 'At most 20 characters.' }),
    durationMs: t.int(),
    errorCode: t.string({ description: 'At most 50 characters.' }),
    errorMessage: t.string(),
    retentionDays: t.int({ description: '1 to 2555. Default 2555 (7 years).' }),
    isSensitive: t.boolean({ description: 'Marks personal data. Default false.' }),
  }),
});

export const RecordStatus = builder.enumType('RecordStatus', {
  values: {
    RECORDED: { description: 'Stored by this call.' },
    DUPLICATE: { description: 'Already stored with the same id, timestamp and content; nothing new was written.' },
  } as const,
});

export const RecordedAuditEvent = builder
  .objectRef<{
    eventId: string;
    eventTimestamp: string;
    correlationId: string;
    sequence: number;
    status: 'RECORDED' | 'DUPLICATE';
  }>('RecordedAuditEvent')
  .implement({
    fields: (t) => ({
      eventId: t.expose('eventId', { type: 'UUID' }),
      eventTimestamp: t.expose('eventTimestamp', { type: 'DateTime' }),
      correlationId: t.exposeString('correlationId'),
      sequence: t.exposeInt('sequence'),
      status: t.expose('status', { type: RecordStatus }),
    }),
  });

export const RecordAuditEventsPayload = builder
  .objectRef<Awaited<ReturnType<typeof recordEvents>>>('RecordAuditEventsPayload')
  .implement({
    fields: (t) => ({
      events: t.field({
        type: [RecordedAuditEvent],
        description: 'One entry per input event, in input order.',
        resolve: (r) => r.events,
      }),
      recordedCount: t.exposeInt('recordedCount'),
      duplicateCount: t.exposeInt('duplicateCount'),
    }),
  });

builder.mutationField('recordAuditEvents', (t) =>
  t.field({
    type: RecordAuditEventsPayload,
    description:
      "Stores a batch atomically and idempotently. Any invalid event rejects the whole batch (BAD_USER_INPUT, with extensions.invalidEvents) and nothing is written. Needs audit:write; a person (not a service account) is always recorded as the actor; over the account's events/s budget the batch is refused with RATE_LIMITED and extensions.retryAfter (seconds).",
    args: { events: t.arg({ type: [AuditEventInput], required: true }) },
    resolve: (_root, { events }, { deps, caller }) => recordAsCaller(deps, caller, events),
  }),
);
