import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventInputSchema, validateEvents, validateEventsInSlices } from '../src/events/rules.js';
import { bearer, token } from './support/auth.js';
import { expectUnbrokenChain, storedChain } from './support/chain-rows.js';
import { RecordAuditEvents } from './support/documents.js';
import { makeEvent } from './support/events.js';
import { createTestApp, type TestApp } from './support/test-app.js';

// A batch's validation and hashing give the event loop back between slices of a few milliseconds,
// so reads are not held up by a large batch. Here every event is a slice of its own: the most
// interleaving there can be, which must change nothing that is stored or reported.
describe('a batch recorded in slices of one event', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({}, { ingestCpuSliceMs: 0 });
  });
  afterAll(() => t?.close());

  it('stores 300 events in the order sent, as one unbroken chain', async () => {
    const correlationId = `rr-slices-${Math.random()}`;
    const events = Array.from({ length: 300 }, (_, i) => makeEvent({ correlationId, eventAction: `step-${i}` }));
    const res = await t.gql(RecordAuditEvents, { events });
    expect(res.errors).toBeUndefined();
    expect(res.data?.recordAuditEvents.recordedCount).toBe(300);
    expect(res.data?.recordAuditEvents.events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));

    const rows = await storedChain(t, correlationId);
    expect(rows.map((r) => r.event_id)).toEqual(events.map((e) => e.eventId));
    expectUnbrokenChain(rows, 300);
  });

  it('names every invalid event by its index and writes nothing', async () => {
    const correlationId = `rr-slices-bad-${Math.random()}`;
    const events = Array.from({ length: 300 }, () => makeEvent({ correlationId }));
    for (const index of [0, 150, 299]) events[index] = makeEvent({ correlationId, eventType: '' });
    const res = await t.gql(RecordAuditEvents, { events });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.invalidEvents).toEqual(
      [0, 150, 299].map((index) => expect.objectContaining({ index, field: 'eventType' })),
    );
    const stored = await t.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM audit_events WHERE correlation_id = $1',
      [correlationId],
    );
    expect(stored[0]?.n).toBe(0);
  });
});

describe('a sliced batch whose rate-limit charge is refused while it is validated', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ AUTH_MODE: 'enforced', AUTH_TOKEN_CACHE_TTL: '0s' }, { ingestCpuSliceMs: 0 });
  });
  afterAll(() => t?.close());

  // The charge runs beside validation; the refusal arrives while validation has given the event
  // loop away, and must wait there to be the answer rather than escape as an unhandled rejection.
  it('answers RATE_LIMITED and writes nothing', async () => {
    const credential = bearer(await token(t, 'svc-sliced', ['audit:write'], { eventsPerSecond: 1, burst: 10 }));
    const spend = Array.from({ length: 10 }, () => makeEvent({ correlationId: 'rr-sliced-spend' }));
    expect((await t.gql(RecordAuditEvents, { events: spend }, credential)).errors).toBeUndefined();
    const events = Array.from({ length: 300 }, () => makeEvent({ correlationId: 'rr-sliced-refused' }));
    const res = await t.gql(RecordAuditEvents, { events }, credential);
    expect(res.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    const stored = await t.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM audit_events WHERE correlation_id = $1',
      ['rr-sliced-refused'],
    );
    expect(stored[0]?.n).toBe(0);
  });
});

describe('validateEventsInSlices', () => {
  const schema = eventInputSchema({
    maxEventDataBytes: 65_536,
    maxEventDataDepth: 10,
    maxEventAgeMs: 86_400_000,
    maxEventFutureMs: 3_600_000,
  });
  const inputs = Array.from({ length: 10 }, (_, i) =>
    i === 3 || i === 7 ? { ...makeEvent(), eventOutcome: 'maybe' } : { ...makeEvent(), eventOutcome: 'success' },
  );

  /** A slicer whose slice is always (or never) used up, counting the turns it gives away. */
  const counting = (due: boolean) => {
    const slicer = { yields: 0, due: () => due, yield: async () => void slicer.yields++ };
    return slicer;
  };

  it('gives the event loop a turn between events whenever a slice is used up', async () => {
    const slicer = counting(true);
    const sliced = await validateEventsInSlices(inputs, schema, slicer);
    expect(slicer.yields).toBe(inputs.length - 1);
    expect(sliced).toEqual(validateEvents(inputs, schema));
    expect(sliced.ok ? [] : sliced.problems.map((p) => p.index)).toEqual([3, 7]);
  });

  it('runs in one piece while the slice lasts', async () => {
    const slicer = counting(false);
    const sliced = await validateEventsInSlices(inputs.slice(0, 3), schema, slicer);
    expect(slicer.yields).toBe(0);
    expect(sliced.ok && sliced.events.map((e) => e.eventOutcome)).toEqual(['success', 'success', 'success']);
  });
});
