import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuditRecorder,
  FileDeadLetterStore,
  GatewayBackend,
  registerRecorderMetrics,
  type DeadLetterLine,
} from '../src/client/index.js';
import { captureLogger, clientEvent, readJsonl, storedIds, tempDir } from './support/client.js';
import { createTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ MAX_BATCH_SIZE: '50' });
});
afterAll(() => t?.close());

/** Observes what the recorder sends, without changing it. */
function observedFetch(batchSizes: number[]): typeof fetch {
  return async (input, init) => {
    const body = JSON.parse(String(init?.body)) as { variables?: { events?: unknown[] } };
    if (body.variables?.events) batchSizes.push(body.variables.events.length);
    return fetch(input, init);
  };
}

const quiet = { flushIntervalMs: 60_000, logger: captureLogger() };

describe('a recorder against a running gateway', () => {
  it('reads auditLimits and never sends a batch larger than the gateway accepts', async () => {
    const sizes: number[] = [];
    const recorder = new AuditRecorder({
      ...quiet,
      backend: new GatewayBackend({ url: t.url, fetch: observedFetch(sizes) }),
      deadLetter: new FileDeadLetterStore({ dir: await tempDir('limits') }),
      batchSize: 500,
    });
    const receipts = Array.from({ length: 120 }, () => recorder.record(clientEvent({ correlationId: 'rr-limits' })));
    const report = await recorder.flush();
    await recorder.close();

    expect(report).toMatchObject({ sent: 120, duplicates: 0, deadLettered: 0 });
    expect(sizes.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(50);
    const stored = await storedIds(t, 'rr-limits');
    expect([...stored.keys()].sort()).toEqual(receipts.map((r) => r.eventId).sort());
  });

  it('stamps a UUIDv7 id and a microsecond UTC timestamp unless given, and keeps given ones', async () => {
    const recorder = new AuditRecorder({
      ...quiet,
      backend: new GatewayBackend({ url: t.url }),
      deadLetter: new FileDeadLetterStore({ dir: await tempDir('stamp') }),
    });
    const stamped = recorder.record(clientEvent({ correlationId: 'rr-stamp' }));
    const given = recorder.record(
      clientEvent({
        correlationId: 'rr-stamp',
        eventId: '019a9f3c-5b2e-7c41-9d3a-6f1e2b7c8d90',
        eventTimestamp: new Date().toISOString(),
      }),
    );
    await recorder.close();

    expect(stamped.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stamped.eventTimestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    expect(given.eventId).toBe('019a9f3c-5b2e-7c41-9d3a-6f1e2b7c8d90');
    const rows = await t.query<{ id: string; ts: string }>(
      `SELECT event_id::text AS id, to_char(event_timestamp AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS ts
         FROM audit_events WHERE correlation_id = 'rr-stamp'`,
    );
    expect(rows.find((r) => r.id === stamped.eventId)?.ts).toBe(stamped.eventTimestamp);
    expect(rows.map((r) => r.id).sort()).toEqual([stamped.eventId, given.eventId].sort());
  });

  it('close() delivers what is buffered and reports nothing undelivered', async () => {
    const recorder = new AuditRecorder({
      ...quiet,
      backend: new GatewayBackend({ url: t.url }),
      deadLetter: new FileDeadLetterStore({ dir: await tempDir('close') }),
    });
    const ids = Array.from({ length: 30 }, () => recorder.record(clientEvent({ correlationId: 'rr-close' })).eventId);
    expect(recorder.stats()).toMatchObject({ buffered: 30, sent: 0, bufferUsed: 30 });
    expect((await storedIds(t, 'rr-close')).size).toBe(0);

    const report = await recorder.close();

    expect(report).toMatchObject({ sent: 30, deadLettered: 0, dropped: 0, timedOut: false, undelivered: [] });
    expect([...(await storedIds(t, 'rr-close')).keys()].sort()).toEqual(ids.sort());
    expect(recorder.record(clientEvent({ correlationId: 'rr-close' })).status).toBe('dropped');
  });

  it('retries after a lost answer and stores nothing twice', async () => {
    let lose = 2;
    const losingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const isRecord = String(init?.body).includes('recordAuditEvents');
      if (isRecord && lose-- > 0) throw new TypeError('fetch failed: connection reset'); // stored, answer lost
      return response;
    };
    const recorder = new AuditRecorder({
      ...quiet,
      backend: new GatewayBackend({ url: t.url, fetch: losingFetch }),
      deadLetter: new FileDeadLetterStore({ dir: await tempDir('lost') }),
      retry: { maxAttempts: 3, baseDelayMs: 5 },
    });
    const ids = Array.from({ length: 10 }, () => recorder.record(clientEvent({ correlationId: 'rr-lost' })).eventId);
    const report = await recorder.flush();
    await recorder.close();

    expect(report).toMatchObject({ sent: 0, duplicates: 10, deadLettered: 0 });
    expect(recorder.stats().retries).toBe(2);
    const stored = await storedIds(t, 'rr-lost');
    expect([...stored.keys()].sort()).toEqual(ids.sort());
    expect([...stored.values()].every((n) => n === 1)).toBe(true);
  });
});

describe('a batch with invalid events', () => {
  it('sends the valid ones and dead-letters the others with the gateway reasons', async () => {
    const existing = clientEvent({ correlationId: 'rr-split', eventId: '019a9f3c-0000-7000-8000-000000000001' });
    const stamp = new Date().toISOString();
    const seed = new AuditRecorder({
      ...quiet,
      backend: new GatewayBackend({ url: t.url }),
      deadLetter: new FileDeadLetterStore({ dir: await tempDir('seed') }),
    });
    seed.record({ ...existing, eventTimestamp: stamp });
    await seed.close();

    const dir = await tempDir('split');
    const recorder = new AuditRecorder({
      ...quiet,
      backend: new GatewayBackend({ url: t.url }),
      deadLetter: new FileDeadLetterStore({ dir }),
    });
    const valid = [0, 1, 2, 3].map(() => recorder.record(clientEvent({ correlationId: 'rr-split' })).eventId);
    // The gateway refuses these; local validation cannot know: an unknown parent, a reused id.
    const orphan = recorder.record(
      clientEvent({ correlationId: 'rr-split', parentEventId: '019a9f3c-ffff-7fff-bfff-ffffffffffff' }),
    ).eventId;
    const conflict = recorder.record({
      ...existing,
      eventTimestamp: stamp,
      eventData: { changed: true },
    }).eventId;
    // And this one the shared rules refuse before it is sent.
    const badIp = recorder.record(clientEvent({ correlationId: 'rr-split', actor: { ip: '999.1.1.1' } })).eventId;
    const report = await recorder.flush();
    await recorder.close();

    expect(report).toMatchObject({ sent: 4, deadLettered: 3 });
    expect(recorder.stats()).toMatchObject({ rejected: 3, sent: 4 });
    const stored = await storedIds(t, 'rr-split');
    expect([...stored.keys()].sort()).toEqual([...valid, existing.eventId].sort());

    const rejected = await readJsonl<DeadLetterLine>(dir, 'rejected-');
    const byId = new Map(rejected.map((l) => [l.event.eventId, l.deadLetter]));
    expect([...byId.keys()].sort()).toEqual([orphan, conflict, badIp].sort());
    expect(byId.get(orphan)?.problems).toEqual([
      { field: 'parentEventId', message: 'names no stored event and no earlier event of this batch' },
    ]);
    expect(byId.get(conflict)?.problems?.[0]?.field).toBe('eventId');
    expect(byId.get(badIp)).toMatchObject({
      reason: 'rejected',
      problems: [{ field: 'actor.ip', message: 'must be an IPv4 or IPv6 address' }],
    });
    expect(await readJsonl(dir, 'dead-letter-')).toEqual([]);
  });

  it('keeps an event the rules cannot even read (a BigInt in eventData) and sends the others', async () => {
    const dir = await tempDir('unreadable');
    const logger = captureLogger();
    const recorder = new AuditRecorder({
      flushIntervalMs: 60_000,
      logger,
      backend: new GatewayBackend({ url: t.url }),
      deadLetter: new FileDeadLetterStore({ dir }),
    });
    const before = recorder.record(clientEvent({ correlationId: 'rr-unreadable' })).eventId;
    const odd = recorder.record(clientEvent({ correlationId: 'rr-unreadable', eventData: { big: 10n } })).eventId;
    const after = recorder.record(clientEvent({ correlationId: 'rr-unreadable' })).eventId;
    expect(await recorder.close()).toMatchObject({ sent: 2, deadLettered: 1, dropped: 0 });

    expect([...(await storedIds(t, 'rr-unreadable')).keys()].sort()).toEqual([before, after].sort());
    const [line] = await readJsonl<DeadLetterLine>(dir, 'rejected-');
    expect(line?.event).toMatchObject({ eventId: odd, eventData: { big: '10' } });
    expect(line?.deadLetter.problems?.[0]?.message).toMatch(/^cannot be read as JSON/);
  });

  it('answers invalid at record() time when asked to validate there', async () => {
    const dir = await tempDir('eager');
    const recorder = new AuditRecorder({
      ...quiet,
      validate: 'record',
      backend: new GatewayBackend({ url: t.url }),
      deadLetter: new FileDeadLetterStore({ dir }),
    });
    const receipt = recorder.record(clientEvent({ correlationId: 'rr-eager', eventType: '' }));
    const ok = recorder.record(clientEvent({ correlationId: 'rr-eager' }));
    await recorder.close();

    expect(receipt).toMatchObject({
      status: 'invalid',
      problems: [{ index: 0, field: 'eventType', message: 'is required and must not be empty' }],
    });
    expect(ok.status).toBe('buffered');
    expect([...(await storedIds(t, 'rr-eager')).keys()]).toEqual([ok.eventId]);
    expect((await readJsonl<DeadLetterLine>(dir, 'rejected-')).map((l) => l.event.eventId)).toEqual([receipt.eventId]);
  });
});

describe('recorder metrics', () => {
  it('exposes buffered, sent, duplicate, dead-lettered and dropped counts in a prom-client registry', async () => {
    const registry = new Registry();
    const recorder = new AuditRecorder({
      ...quiet,
      backend: new GatewayBackend({ url: t.url }),
      deadLetter: new FileDeadLetterStore({ dir: await tempDir('metrics') }),
    });
    registerRecorderMetrics(recorder, registry, 'gateway');
    for (let i = 0; i < 7; i++) recorder.record(clientEvent({ correlationId: 'rr-metrics' }));
    recorder.record(clientEvent({ correlationId: 'rr-metrics', eventOutcome: 'SUCCESS', durationMs: -1 }));
    await recorder.flush();
    const text = await registry.metrics();
    await recorder.close();

    expect(text).toContain('audit_client_events_buffered_total{service="gateway"} 8');
    expect(text).toContain('audit_client_events_sent_total{service="gateway"} 7');
    expect(text).toContain('audit_client_events_duplicate_total{service="gateway"} 0');
    expect(text).toContain('audit_client_events_dead_lettered_total{service="gateway"} 1');
    expect(text).toContain('audit_client_events_rejected_total{service="gateway"} 1');
    expect(text).toContain('audit_client_events_dropped_total{service="gateway"} 0');
    expect(text).toContain('audit_client_buffer_size{service="gateway"} 0');
    expect(text).toContain('audit_client_buffer_capacity{service="gateway"} 10000');
    expect(text).toMatch(/audit_client_write_duration_seconds_count\{service="gateway"\} [1-9]/);
  });
});
