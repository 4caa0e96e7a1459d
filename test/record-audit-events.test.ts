import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetAuditEvent, GetAuditLimits, RecordAuditEvents } from './support/documents.js';
import { makeEvent } from './support/events.js';
import { createTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ MAX_BATCH_SIZE: '50' });
});
afterAll(() => t?.close());

const countEvents = async (correlationId: string) =>
  Number(
    (
      await t.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events WHERE correlation_id = $1', [
        correlationId,
      ])
    )[0]?.n,
  );

describe('a valid batch of three', () => {
  it('stores every event and answers in input order with sequences 1, 2, 3', async () => {
    const events = [
      makeEvent({ correlationId: 'rr-valid', eventType: 'gateway.signal.received' }),
      makeEvent({ correlationId: 'rr-valid', eventType: 'analysis.llm.completed', eventCategory: 'analysis' }),
      makeEvent({ correlationId: 'rr-valid', eventType: 'workflow.execution.started', eventCategory: 'workflow' }),
    ];
    const res = await t.gql(RecordAuditEvents, { events });
    expect(res.errors).toBeUndefined();
    expect(res.data?.recordAuditEvents.recordedCount).toBe(3);
    expect(res.data?.recordAuditEvents.events.map((e) => [e.eventId, e.sequence, e.status])).toEqual([
      [events[0]?.eventId, 1, 'RECORDED'],
      [events[1]?.eventId, 2, 'RECORDED'],
      [events[2]?.eventId, 3, 'RECORDED'],
    ]);
    const stored = await t.query<{ event_id: string; event_type: string; sequence: number }>(
      'SELECT event_id::text, event_type, sequence::int FROM audit_events WHERE correlation_id = $1 ORDER BY sequence',
      ['rr-valid'],
    );
    expect(stored.map((r) => [r.event_id, r.event_type])).toEqual(events.map((e) => [e.eventId, e.eventType]));
  });

  it('keeps every field, microseconds and the reference defaults', async () => {
    // An hour ago, written with a +01:00 offset and microseconds: stored as the same instant in UTC.
    const utc = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000).toISOString().slice(0, 19);
    const local = new Date(Date.parse(`${utc}Z`) + 3_600_000).toISOString().slice(0, 19);
    const input = makeEvent({
      correlationId: 'rr-fields',
      eventTimestamp: `${local}.123456+01:00`,
      actor: { ip: '2001:DB8::1' },
      traceId: 'trace-1',
      durationMs: 42,
      isSensitive: true,
    });
    const res = await t.gql(RecordAuditEvents, { events: [input] });
    expect(res.errors).toBeUndefined();
    const got = await t.gql(GetAuditEvent, { eventId: input.eventId as string });
    const stored = got.data?.auditEvent;
    expect(stored).toMatchObject({
      eventId: input.eventId,
      eventVersion: '1.0',
      actor: { type: 'service', id: 'gateway-service', ip: '2001:db8::1' },
      resource: { type: 'gateway', id: 'rr-fields', name: null },
      traceId: 'trace-1',
      durationMs: 42,
      isSensitive: true,
      retentionDays: 2555,
      eventData: input.eventData,
      sequence: 1,
      previousEventHash: null,
      hashAlgorithm: 'SHA256',
    });
    expect(stored?.eventTimestamp).toBe(`${utc}.123456Z`);
    expect(stored?.eventHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('makes a time-ordered UUIDv7 id when the client sends none', async () => {
    // More ids than one pool of random bytes holds (512), so the pool is refilled on the way.
    const ids: string[] = [];
    const before = Date.now();
    for (let batch = 0; batch < 12; batch++) {
      const events = Array.from({ length: 50 }, () => {
        const { eventId: _omitted, ...event } = makeEvent({ correlationId: 'rr-generated' });
        return event;
      });
      const res = await t.gql(RecordAuditEvents, { events });
      expect(res.errors).toBeUndefined();
      ids.push(...(res.data?.recordAuditEvents.events.map((e) => e.eventId) ?? []));
    }
    const after = Date.now();
    expect(ids).toHaveLength(600);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // Distinct, and in the order they were made (a counter orders those of one millisecond).
    expect(new Set(ids).size).toBe(600);
    expect([...ids].sort()).toEqual(ids);
    // The first 48 bits are the Unix milliseconds they were made at.
    const made = ids.map((id) => Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16));
    expect(Math.min(...made)).toBeGreaterThanOrEqual(before);
    expect(Math.max(...made)).toBeLessThanOrEqual(after);
  });
});

describe('a batch sent again', () => {
  it('stores nothing new and reports each event as a duplicate with its original sequence', async () => {
    const events = [makeEvent({ correlationId: 'rr-retry' }), makeEvent({ correlationId: 'rr-retry' })];
    const first = await t.gql(RecordAuditEvents, { events });
    const second = await t.gql(RecordAuditEvents, { events });
    expect(second.errors).toBeUndefined();
    expect(second.data?.recordAuditEvents).toMatchObject({ recordedCount: 0, duplicateCount: 2 });
    expect(second.data?.recordAuditEvents.events.map((e) => [e.sequence, e.status])).toEqual([
      [1, 'DUPLICATE'],
      [2, 'DUPLICATE'],
    ]);
    expect(first.data?.recordAuditEvents.events.map((e) => e.sequence)).toEqual([1, 2]);
    expect(await countEvents('rr-retry')).toBe(2);
  });

  it('mixed with new events, stores only the new ones and continues the sequence', async () => {
    const old = makeEvent({ correlationId: 'rr-mixed' });
    await t.gql(RecordAuditEvents, { events: [old] });
    const res = await t.gql(RecordAuditEvents, { events: [makeEvent({ correlationId: 'rr-mixed' }), old] });
    expect(res.data?.recordAuditEvents.events.map((e) => [e.sequence, e.status])).toEqual([
      [2, 'RECORDED'],
      [1, 'DUPLICATE'],
    ]);
    expect(await countEvents('rr-mixed')).toBe(2);
  });

  it('repeated inside one batch, is stored once', async () => {
    const event = makeEvent({ correlationId: 'rr-twice' });
    const res = await t.gql(RecordAuditEvents, { events: [event, event] });
    expect(res.data?.recordAuditEvents.events.map((e) => [e.sequence, e.status])).toEqual([
      [1, 'RECORDED'],
      [1, 'DUPLICATE'],
    ]);
    expect(await countEvents('rr-twice')).toBe(1);
  });
});

describe('an event id reused for different content', () => {
  it('is a coded conflict naming the index, and nothing of the batch is written', async () => {
    const original = makeEvent({ correlationId: 'rr-conflict' });
    await t.gql(RecordAuditEvents, { events: [original] });
    const res = await t.gql(RecordAuditEvents, {
      events: [makeEvent({ correlationId: 'rr-conflict' }), { ...original, eventAction: 'tampered' }],
    });
    expect(res.data).toBeNull();
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'EVENT_ID_CONFLICT',
      invalidEvents: [{ index: 1, field: 'eventId' }],
    });
    expect(await countEvents('rr-conflict')).toBe(1);
  });

  it('within one batch is a conflict too', async () => {
    const event = makeEvent({ correlationId: 'rr-conflict-batch' });
    const res = await t.gql(RecordAuditEvents, { events: [event, { ...event, eventOutcome: 'FAILURE' }] });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'EVENT_ID_CONFLICT',
      invalidEvents: [{ index: 1, field: 'eventId' }],
    });
    expect(await countEvents('rr-conflict-batch')).toBe(0);
  });
});

describe('batch and body limits', () => {
  it('refuses a batch over the maximum size with a coded error and writes nothing', async () => {
    const events = Array.from({ length: 51 }, () => makeEvent({ correlationId: 'rr-too-many' }));
    const res = await t.gql(RecordAuditEvents, { events });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BATCH_TOO_LARGE', maxBatchSize: 50, batchSize: 51 });
    expect(await countEvents('rr-too-many')).toBe(0);
  });

  it('accepts a batch of exactly the maximum size', async () => {
    const events = Array.from({ length: 50 }, () => makeEvent({ correlationId: 'rr-max' }));
    const res = await t.gql(RecordAuditEvents, { events });
    expect(res.data?.recordAuditEvents.recordedCount).toBe(50);
  });

  it('refuses a body over the configured size with 413 and a coded error', async () => {
    const big = 'x'.repeat(t.config.limits.maxBodyBytes + 1);
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ auditLimits { maxBatchSize } }', variables: { big } }),
    });
    expect(response.status).toBe(413);
    expect(
      ((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions.code,
    ).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses a chunked body (no declared length) once it passes the size, and writes nothing', async () => {
    const body = JSON.stringify({
      query: 'mutation($e: [AuditEventInput!]!) { recordAuditEvents(events: $e) { recordedCount } }',
      // A valid batch, followed by a variable the operation ignores, to carry the body past the limit.
      variables: { e: [makeEvent({ correlationId: 'rr-chunked' })], pad: 'x'.repeat(t.config.limits.maxBodyBytes) },
    });
    expect(body.length).toBeGreaterThan(t.config.limits.maxBodyBytes);
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = httpRequest(t.url, { method: 'POST', headers: { 'content-type': 'application/json' } });
      request.on('response', (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      });
      request.on('error', reject);
      for (let at = 0; at < body.length; at += 16_384) request.write(body.slice(at, at + 16_384));
      request.end();
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await countEvents('rr-chunked')).toBe(0);
  });

  it('answers malformed JSON with a coded 400, not a 500', async () => {
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(response.status).toBe(400);
    expect(
      ((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions.code,
    ).toBe('BAD_REQUEST');
  });

  it('publishes its limits through auditLimits', async () => {
    const res = await t.gql(GetAuditLimits, {});
    expect(res.data?.auditLimits).toEqual({
      maxBatchSize: 50,
      maxBodyBytes: t.config.limits.maxBodyBytes,
      maxEventDataBytes: 262_144,
      maxEventDataDepth: 10,
      maxEventAgeSeconds: 30 * 86_400,
      maxEventFutureSeconds: 3_600,
    });
  });
});

describe('auditEvent', () => {
  it('is null for an unknown id', async () => {
    const res = await t.gql(GetAuditEvent, { eventId: '01936f0e-0000-7000-8000-00000000ffff' });
    expect(res.data?.auditEvent).toBeNull();
  });
});
