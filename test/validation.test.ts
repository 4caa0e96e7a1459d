import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEventInput } from '../generated/graphql/graphql.js';
import { RecordAuditEvents } from './support/documents.js';
import { DAY, isoAgo, makeEvent } from './support/events.js';
import { createTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const long = (n: number) => 'a'.repeat(n);
const nest = (depth: number): Record<string, unknown> => (depth <= 1 ? { leaf: 1 } : { child: nest(depth - 1) });

/** [rule, change to the event at index 1 of a batch of 3, field the error must name] */
const rules: Array<[string, (e: AuditEventInput) => AuditEventInput, string]> = [
  ['empty eventType', (e) => ({ ...e, eventType: '' }), 'eventType'],
  ['eventType over 100 characters', (e) => ({ ...e, eventType: long(101) }), 'eventType'],
  ['eventCategory over 50 characters', (e) => ({ ...e, eventCategory: long(51) }), 'eventCategory'],
  ['eventAction over 50 characters', (e) => ({ ...e, eventAction: long(51) }), 'eventAction'],
  ['empty eventAction', (e) => ({ ...e, eventAction: '' }), 'eventAction'],
  ['eventVersion over 10 characters', (e) => ({ ...e, eventVersion: long(11) }), 'eventVersion'],
  ['empty correlationId', (e) => ({ ...e, correlationId: '' }), 'correlationId'],
  ['correlationId over 255 characters', (e) => ({ ...e, correlationId: long(256) }), 'correlationId'],
  ['actor.type over 50 characters', (e) => ({ ...e, actor: { type: long(51) } }), 'actor.type'],
  ['actor.id over 255 characters', (e) => ({ ...e, actor: { id: long(256) } }), 'actor.id'],
  ['actor.ip not an address', (e) => ({ ...e, actor: { ip: '10.0.0.256' } }), 'actor.ip'],
  ['actor.ip with a prefix length', (e) => ({ ...e, actor: { ip: '10.0.0.0/8' } }), 'actor.ip'],
  ['resource.type over 100 characters', (e) => ({ ...e, resource: { type: long(101) } }), 'resource.type'],
  ['resource.id over 255 characters', (e) => ({ ...e, resource: { id: long(256) } }), 'resource.id'],
  ['resource.name over 255 characters', (e) => ({ ...e, resource: { name: long(256) } }), 'resource.name'],
  ['eventId not a UUID', (e) => ({ ...e, eventId: 'not-a-uuid' }), 'eventId'],
  ['parentEventId not a UUID', (e) => ({ ...e, parentEventId: '1234' }), 'parentEventId'],
  [
    'parentEventId naming no event',
    (e) => ({ ...e, parentEventId: '01936f0e-0000-7000-8000-00000000dead' }),
    'parentEventId',
  ],
  ['traceId over 255 characters', (e) => ({ ...e, traceId: long(256) }), 'traceId'],
  ['spanId over 255 characters', (e) => ({ ...e, spanId: long(256) }), 'spanId'],
  ['namespace over 253 characters', (e) => ({ ...e, namespace: long(254) }), 'namespace'],
  ['clusterId over 255 characters', (e) => ({ ...e, clusterId: long(256) }), 'clusterId'],
  ['severity over 20 characters', (e) => ({ ...e, severity: long(21) }), 'severity'],
  ['errorCode over 50 characters', (e) => ({ ...e, errorCode: long(51) }), 'errorCode'],
  ['negative durationMs', (e) => ({ ...e, durationMs: -1 }), 'durationMs'],
  ['retentionDays 0', (e) => ({ ...e, retentionDays: 0 }), 'retentionDays'],
  ['retentionDays 2556', (e) => ({ ...e, retentionDays: 2556 }), 'retentionDays'],
  ['eventData an array', (e) => ({ ...e, eventData: [1, 2] }), 'eventData'],
  ['eventData a string', (e) => ({ ...e, eventData: 'text' }), 'eventData'],
  ['eventData over 256 KiB', (e) => ({ ...e, eventData: { blob: long(256 * 1024) } }), 'eventData'],
  ['eventData 11 levels deep', (e) => ({ ...e, eventData: nest(11) }), 'eventData'],
  ['eventData holding a NUL character', (e) => ({ ...e, eventData: { text: 'a\u0000b' } }), 'eventData'],
  ['a text field holding a NUL character', (e) => ({ ...e, severity: 'hi\u0000' }), 'severity'],
  ['eventTimestamp not a time', (e) => ({ ...e, eventTimestamp: 'yesterday' }), 'eventTimestamp'],
  ['eventTimestamp an impossible date', (e) => ({ ...e, eventTimestamp: '2026-02-30T00:00:00Z' }), 'eventTimestamp'],
  ['eventTimestamp 61 minutes ahead', (e) => ({ ...e, eventTimestamp: isoAgo(-61 * 60_000) }), 'eventTimestamp'],
  ['eventTimestamp older than 30 days', (e) => ({ ...e, eventTimestamp: isoAgo(31 * DAY) }), 'eventTimestamp'],
  ['missing eventType', ({ eventType: _gone, ...e }) => e as AuditEventInput, 'eventType'],
  ['missing correlationId', ({ correlationId: _gone, ...e }) => e as AuditEventInput, 'correlationId'],
  ['missing eventData', ({ eventData: _gone, ...e }) => e as AuditEventInput, 'eventData'],
  [
    'eventOutcome outside the enum',
    (e) => ({ ...e, eventOutcome: 'MAYBE' as AuditEventInput['eventOutcome'] }),
    'eventOutcome',
  ],
  ['durationMs of the wrong type', (e) => ({ ...e, durationMs: 'slow' as unknown as number }), 'durationMs'],
];

describe('a batch with one invalid event', () => {
  it.each(rules)('%s: writes nothing and names the index and field', async (_rule, breakIt, field) => {
    const correlationId = `rr-invalid-${field}-${Math.random()}`;
    const events = [makeEvent({ correlationId }), breakIt(makeEvent({ correlationId })), makeEvent({ correlationId })];
    const res = await t.gql(RecordAuditEvents, { events });
    expect(res.status).toBeLessThan(500);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.invalidEvents).toEqual(
      expect.arrayContaining([expect.objectContaining({ index: 1, field, message: expect.any(String) })]),
    );
    const stored = await t.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM audit_events WHERE correlation_id = $1',
      [correlationId.slice(0, 255)],
    );
    expect(stored[0]?.n).toBe(0);
  });
});

describe('a batch with several invalid events', () => {
  it('lists every problem of every event', async () => {
    const events = [makeEvent({ eventType: '' }), makeEvent(), makeEvent({ severity: long(21), retentionDays: 0 })];
    const res = await t.gql(RecordAuditEvents, { events });
    expect(res.errors?.[0]?.extensions?.invalidEvents).toEqual([
      expect.objectContaining({ index: 0, field: 'eventType' }),
      expect.objectContaining({ index: 2, field: 'severity' }),
      expect.objectContaining({ index: 2, field: 'retentionDays' }),
    ]);
  });
});

describe('limits at their edge', () => {
  it('accepts every field at its maximum length, 10 levels of nesting and a timestamp 59 minutes ahead', async () => {
    const event = makeEvent({
      correlationId: long(255),
      eventType: long(100),
      eventCategory: long(50),
      eventAction: long(50),
      eventVersion: long(10),
      actor: { type: long(50), id: '🙂'.repeat(255), ip: '192.0.2.1' },
      resource: { type: long(100), id: long(255), name: long(255) },
      namespace: long(253),
      severity: long(20),
      retentionDays: 2555,
      eventData: nest(10),
      eventTimestamp: isoAgo(-59 * 60_000),
    });
    const res = await t.gql(RecordAuditEvents, { events: [event] });
    expect(res.errors).toBeUndefined();
    expect(res.data?.recordAuditEvents.recordedCount).toBe(1);
  });

  it('accepts a parent sent earlier in the same batch, and refuses one sent later', async () => {
    const parent = makeEvent({ correlationId: 'rr-parent' });
    const child = makeEvent({ correlationId: 'rr-parent', parentEventId: parent.eventId });
    const good = await t.gql(RecordAuditEvents, { events: [parent, child] });
    expect(good.data?.recordAuditEvents.recordedCount).toBe(2);

    const laterParent = makeEvent({ correlationId: 'rr-parent-late' });
    const orphan = makeEvent({ correlationId: 'rr-parent-late', parentEventId: laterParent.eventId });
    const bad = await t.gql(RecordAuditEvents, { events: [orphan, laterParent] });
    expect(bad.errors?.[0]?.extensions?.invalidEvents).toEqual([
      expect.objectContaining({ index: 0, field: 'parentEventId' }),
    ]);
  });

  it('accepts a parent stored by an earlier batch', async () => {
    const parent = makeEvent({ correlationId: 'rr-parent-stored' });
    await t.gql(RecordAuditEvents, { events: [parent] });
    const res = await t.gql(RecordAuditEvents, {
      events: [makeEvent({ correlationId: 'rr-parent-stored', parentEventId: parent.eventId })],
    });
    expect(res.data?.recordAuditEvents.recordedCount).toBe(1);
  });
});
