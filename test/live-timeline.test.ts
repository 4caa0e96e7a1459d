import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordAuditEvents } from './support/documents.js';
import { makeEvent } from './support/events.js';
import {
  AuditEventRecorded,
  AuditEventRecordedWithCorrelation,
  oneTo,
  sseSubscribe,
  transports,
  wsSubscribe,
} from './support/live-clients.js';
import { createTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

/** Records `count` events on one correlation in one batch; returns their ids in sequence order. */
async function record(correlationId: string, count: number): Promise<string[]> {
  const res = await t.gql(RecordAuditEvents, {
    events: Array.from({ length: count }, () => makeEvent({ correlationId })),
  });
  expect(res.errors).toBeUndefined();
  return res.data?.recordAuditEvents.events.map((e) => e.eventId) ?? [];
}

/** Waits (without a clock) until `count` subscribers of the correlation have finished their replay. */
async function liveOn(correlationId: string, count = 1): Promise<void> {
  while (t.app.deps.live.liveSubscribersOf(correlationId) < count) await new Promise((r) => setTimeout(r, 10));
}

const sequences = (items: Array<{ auditEventRecorded: { sequence: number } }>) =>
  items.map((i) => i.auditEventRecorded.sequence);

describe.each(transports)('auditEventRecorded over %s', (transport, subscribe) => {
  const id = (name: string) => `live-${transport}-${name}`;

  it('replays the stored events after afterSequence, then continues live with no gap or repeat', async () => {
    const correlationId = id('replay');
    const stored = await record(correlationId, 3);
    const stream = subscribe(t.url, AuditEventRecorded, {
      correlationId,
      afterSequence: 0,
    });
    await stream.until((items) => items.length >= 3);
    const live = [...(await record(correlationId, 2)), ...(await record(correlationId, 1))];
    await stream.until((items) => items.length >= 6);
    stream.drop();
    expect(sequences(stream.items)).toEqual(oneTo(6));
    expect(stream.items.map((i) => i.auditEventRecorded.eventId)).toEqual([...stored, ...live]);
    expect(stream.items[0]?.auditEventRecorded).toMatchObject({
      correlationId,
      eventType: 'gateway.signal.received',
      eventData: makeEvent().eventData,
    });
    expect(stream.items[0]?.auditEventRecorded.eventTimestamp).toMatch(/\.\d{6}Z$/);
    expect(stream.errors).toEqual([]);
  });

  it('replays only what lies above a non-zero afterSequence', async () => {
    const correlationId = id('middle');
    await record(correlationId, 5);
    const stream = subscribe(t.url, AuditEventRecorded, {
      correlationId,
      afterSequence: 3,
    });
    await stream.until((items) => items.length >= 2);
    await record(correlationId, 1);
    await stream.until((items) => items.length >= 3);
    stream.drop();
    expect(sequences(stream.items)).toEqual([4, 5, 6]);
  });

  it('without afterSequence, starts after the current head', async () => {
    const correlationId = id('head');
    await record(correlationId, 4);
    const stream = subscribe(t.url, AuditEventRecorded, { correlationId });
    await liveOn(correlationId);
    await record(correlationId, 2);
    await stream.until((items) => items.length >= 2);
    stream.drop();
    expect(sequences(stream.items)).toEqual([5, 6]);
  });

  it('on a correlation with no events yet, waits for the first one', async () => {
    const correlationId = id('not-yet');
    const stream = subscribe(t.url, AuditEventRecorded, {
      correlationId,
      afterSequence: 0,
    });
    await liveOn(correlationId);
    expect(stream.items).toEqual([]);
    await record(correlationId, 1);
    await stream.until((items) => items.length >= 1);
    stream.drop();
    expect(sequences(stream.items)).toEqual([1]);
  });

  it('resumed after a dropped connection with the last sequence seen, receives exactly what it missed, then live', async () => {
    const correlationId = id('resume');
    const first = subscribe(t.url, AuditEventRecorded, {
      correlationId,
      afterSequence: 0,
    });
    await record(correlationId, 3);
    await first.until((items) => items.length >= 3);
    first.drop();
    const lastSeen = sequences(first.items).at(-1) ?? 0;

    await record(correlationId, 2);
    await record(correlationId, 1);
    const second = subscribe(t.url, AuditEventRecorded, {
      correlationId,
      afterSequence: lastSeen,
    });
    await second.until((items) => items.length >= 3);
    await record(correlationId, 2);
    await second.until((items) => items.length >= 5);
    second.drop();

    expect(sequences(first.items)).toEqual([1, 2, 3]);
    expect(sequences(second.items)).toEqual([4, 5, 6, 7, 8]);
  });

  it('sees ten concurrent writers to one correlation as 1..N exactly', async () => {
    const correlationId = id('writers');
    const stream = subscribe(t.url, AuditEventRecorded, {
      correlationId,
      afterSequence: 0,
    });
    const writers = 10;
    const batchesEach = 3;
    const perBatch = 4;
    const total = writers * batchesEach * perBatch;
    await Promise.all(
      Array.from({ length: writers }, async () => {
        for (let b = 0; b < batchesEach; b++) await record(correlationId, perBatch);
      }),
    );
    await stream.until((items) => items.length >= total);
    // One more event after the burst: a repeat would show up before it.
    await record(correlationId, 1);
    await stream.until((items) => items.length >= total + 1);
    stream.drop();
    expect(sequences(stream.items)).toEqual(oneTo(total + 1));
  });

  it('keeps an idle subscription alive with pings', async () => {
    const stream = subscribe(t.url, AuditEventRecorded, { correlationId: id('idle'), afterSequence: 0 });
    // Yoga opens an SSE stream with a comment and repeats it (every 300 ms under NODE_ENV=test, 12 s
    // otherwise); the WebSocket server pings every 12 s.
    const wanted = transport === 'SSE' ? 2 : 1;
    await stream.until(() => stream.keepAlives >= wanted);
    stream.drop();
    expect(stream.keepAlives).toBeGreaterThanOrEqual(wanted);
    expect(stream.items).toEqual([]);
  });

  it('refuses an empty correlation id with a coded error', async () => {
    const stream = subscribe(t.url, AuditEventRecorded, {
      correlationId: '',
      afterSequence: 0,
    });
    await stream.until(() => stream.errors.length > 0).catch(() => {});
    stream.drop();
    expect(stream.items.filter((i) => i.auditEventRecorded)).toEqual([]);
    expect(stream.errors[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'correlationId',
    });
  });

  it('refuses a negative afterSequence with a coded error', async () => {
    const stream = subscribe(t.url, AuditEventRecorded, {
      correlationId: id('negative'),
      afterSequence: -1,
    });
    await stream.until(() => stream.errors.length > 0).catch(() => {});
    stream.drop();
    expect(stream.errors[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'afterSequence',
    });
  });
});

describe('many subscribers of one correlation', () => {
  it('share one database read per wake-up and each receive every event', async () => {
    const correlationId = 'live-shared';
    const streams = transports.flatMap(([, subscribe]) =>
      Array.from({ length: 3 }, () =>
        subscribe(t.url, AuditEventRecorded, {
          correlationId,
          afterSequence: 0,
        }),
      ),
    );
    await liveOn(correlationId, streams.length);
    const readsBefore = t.app.deps.live.stats().sharedReads;
    await record(correlationId, 5);
    await Promise.all(streams.map((s) => s.until((items) => items.length >= 5)));
    const readsAfter = t.app.deps.live.stats().sharedReads;
    for (const s of streams) s.drop();
    for (const s of streams) expect(sequences(s.items)).toEqual(oneTo(5));
    // One batch, one notification, one read for all six.
    expect(readsAfter - readsBefore).toBe(1);
  });
});

describe('subscribers of many correlations woken by one batch', () => {
  it('are served by one database read between them', async () => {
    const correlationIds = Array.from({ length: 12 }, (_, i) => `live-wide-${i}`);
    const streams = correlationIds.map((correlationId) =>
      wsSubscribe(t.url, AuditEventRecorded, { correlationId, afterSequence: 0 }),
    );
    for (const correlationId of correlationIds) await liveOn(correlationId);
    const reads: string[] = [];
    const stop = t.app.deps.db.observeStatements((statement) => {
      if (/WITH ORDINALITY AS r\(item, ord\)/.test(statement)) reads.push(statement);
    });
    const res = await t.gql(RecordAuditEvents, {
      events: correlationIds.flatMap((correlationId) => [makeEvent({ correlationId }), makeEvent({ correlationId })]),
    });
    expect(res.errors).toBeUndefined();
    await Promise.all(streams.map((s) => s.until((items) => items.length >= 2)));
    stop();
    for (const s of streams) s.drop();
    for (const s of streams) expect(sequences(s.items)).toEqual(oneTo(2));
    expect(reads).toHaveLength(1);
  });
});

describe('nested fields of delivered events', () => {
  it('are loaded afresh for each event, never served from the previous one', async () => {
    const correlationId = 'live-nested';
    const streams = transports.map(([, subscribe]) =>
      subscribe(t.url, AuditEventRecordedWithCorrelation, { correlationId, afterSequence: 0 }),
    );
    await record(correlationId, 1);
    await Promise.all(streams.map((s) => s.until((items) => items.length >= 1)));
    await record(correlationId, 1);
    await Promise.all(streams.map((s) => s.until((items) => items.length >= 2)));
    for (const s of streams) s.drop();
    for (const s of streams) {
      expect(s.items.map((i) => [i.auditEventRecorded.sequence, i.auditEventRecorded.correlation.eventCount])).toEqual([
        [1, 1],
        [2, 2],
      ]);
    }
  });
});

describe('identical subscriptions of one correlation', () => {
  it('execute each live event once between them, whatever the transport', async () => {
    const correlationId = 'live-one-execution';
    const variables = { correlationId, afterSequence: 0 };
    const streams = transports.flatMap(([, subscribe]) => [
      subscribe(t.url, AuditEventRecordedWithCorrelation, variables),
      subscribe(t.url, AuditEventRecordedWithCorrelation, variables),
    ]);
    await liveOn(correlationId, streams.length);
    // Each execution loads the correlation summary of the event it renders, with one statement.
    const summaryReads: string[] = [];
    const stop = t.app.deps.db.observeStatements((statement) => {
      if (/FROM audit_chain_heads/.test(statement) && !/FOR UPDATE/.test(statement)) summaryReads.push(statement);
    });
    await record(correlationId, 1);
    await Promise.all(streams.map((s) => s.until((items) => items.length >= 1)));
    stop();
    for (const s of streams) s.drop();
    for (const s of streams)
      expect(s.items).toEqual([{ auditEventRecorded: { sequence: 1, correlation: { eventCount: 1 } } }]);
    expect(summaryReads).toHaveLength(1);
  });
});

describe('live events for a graphql-ws subscriber waiting for them', () => {
  it('are written straight to its socket, once each and in order, while SSE ones go through the stream', async () => {
    const correlationId = 'live-direct';
    const ws = wsSubscribe(t.url, AuditEventRecorded, { correlationId, afterSequence: 0 });
    const viaSse = sseSubscribe(t.url, AuditEventRecorded, { correlationId, afterSequence: 0 });
    await liveOn(correlationId, 2);
    const before = t.app.deps.live.stats().directDeliveries;
    // Several batches while the subscribers wait, and one of 30 events in a single read.
    for (let i = 0; i < 3; i++) await record(correlationId, 1);
    await record(correlationId, 30);
    await ws.until((items) => items.length >= 33);
    await viaSse.until((items) => items.length >= 33);
    const direct = t.app.deps.live.stats().directDeliveries - before;
    ws.drop();
    viaSse.drop();
    expect(sequences(ws.items)).toEqual(oneTo(33));
    expect(sequences(viaSse.items)).toEqual(oneTo(33));
    expect(ws.errors).toEqual([]);
    // Only the WebSocket subscriber's events, and each at most once.
    expect(direct).toBeGreaterThanOrEqual(4);
    expect(direct).toBeLessThanOrEqual(33);
  });

  it('go through the stream when their selection waits on the database, and still arrive once each', async () => {
    const correlationId = 'live-direct-nested';
    const ws = wsSubscribe(t.url, AuditEventRecordedWithCorrelation, { correlationId, afterSequence: 0 });
    await liveOn(correlationId);
    const before = t.app.deps.live.stats().directDeliveries;
    await record(correlationId, 2);
    await ws.until((items) => items.length >= 2);
    await record(correlationId, 1);
    await ws.until((items) => items.length >= 3);
    ws.drop();
    expect(t.app.deps.live.stats().directDeliveries).toBe(before);
    expect(ws.items.map((i) => [i.auditEventRecorded.sequence, i.auditEventRecorded.correlation.eventCount])).toEqual([
      [1, 2],
      [2, 2],
      [3, 3],
    ]);
  });
});
