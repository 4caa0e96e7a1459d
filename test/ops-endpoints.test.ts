import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../src/app.js';
import { createLogger } from '../src/logger.js';
import { bearer, token } from './support/auth.js';
import { GetAuditLimits, RecordAuditEvents } from './support/documents.js';
import { makeEvent } from './support/events.js';
import { createTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await createTestApp();
  base = t.url.replace(/\/graphql$/, '');
});
afterAll(() => t?.close());

describe('/healthz', () => {
  it('answers 200 while the process runs', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});

describe('/readyz', () => {
  it('is ready with the database reachable, migrations applied and partitions ahead', async () => {
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      ready: true,
      checks: { database: 'ok', migrations: 'ok', partitions: 'ok', shutdown: 'ok' },
    });
  });
});

describe('/metrics', () => {
  it('exports ingest, rejection, duration, partition and process metrics in Prometheus format', async () => {
    await t.gql(RecordAuditEvents, { events: [makeEvent({ correlationId: 'rr-metrics' })] });
    await t.gql(RecordAuditEvents, { events: [makeEvent({ correlationId: 'rr-metrics', eventTimestamp: 'nope' })] });
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('audit_events_ingested_total{category="gateway",outcome="success"} 1');
    expect(text).toContain('audit_events_rejected_total{reason="BAD_USER_INPUT"} 1');
    expect(text).toContain('audit_ingest_batch_size_count 1');
    expect(text).toMatch(/audit_write_duration_seconds_count\{operation="recordAuditEvents"\} 2/);
    expect(text).toMatch(/audit_partitions_months_ahead 3/);
    expect(text).toContain('audit_subscriptions_active');
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });
});

describe('/metrics with a live subscriber', () => {
  it('counts the subscription and reports its delivery lag', async () => {
    const controller = new AbortController();
    const response = await fetch(t.url, {
      method: 'POST',
      signal: controller.signal,
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({
        query: 'subscription { auditEventRecorded(correlationId: "rr-metrics-live") { sequence } }',
      }),
    });
    const stream = response.body?.getReader();
    const received = (async () => {
      let text = '';
      while (stream && !text.includes('"sequence"')) {
        const chunk = await stream.read();
        if (chunk.done) break;
        text += new TextDecoder().decode(chunk.value);
      }
      return text;
    })();
    const scrape = async () => (await fetch(`${base}/metrics`)).text();
    for (let i = 0; i < 50 && !(await scrape()).includes('audit_subscriptions_active 1'); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const scraped = await scrape();
    expect(scraped).toContain('audit_subscriptions_active 1');
    await t.gql(RecordAuditEvents, { events: [makeEvent({ correlationId: 'rr-metrics-live' })] });
    expect(await received).toContain('"sequence":1');
    expect(await scrape()).toMatch(/audit_subscription_delivery_lag_seconds \d/);
    controller.abort();
  });
});

describe('with METRICS=false', () => {
  let off: TestApp;
  beforeAll(async () => {
    off = await createTestApp({ METRICS: 'false', AUTH_MODE: 'enforced', AUTH_TOKEN_CACHE_TTL: '0s' });
  });
  afterAll(() => off?.close());

  it('answers 404 at /metrics and still records and audits reads', async () => {
    const res = await fetch(off.url.replace(/\/graphql$/, '/metrics'));
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('audit_');
    const auth = bearer(await token(off, 'svc-no-metrics', ['audit:write', 'audit:read']));
    const recorded = await off.gql(
      RecordAuditEvents,
      { events: [makeEvent({ correlationId: 'rr-no-metrics' })] },
      auth,
    );
    expect(recorded.data?.recordAuditEvents.recordedCount).toBe(1);
    expect((await off.gql(GetAuditLimits, {}, auth)).errors).toBeUndefined();
    await off.app.deps.readAudit.flush();
    const views = await off.query<{ actor_id: string; resource_id: string }>(
      `SELECT actor_id, resource_id FROM audit_events WHERE event_type = 'audit.log.viewed'`,
    );
    expect(views).toEqual([{ actor_id: 'svc-no-metrics', resource_id: 'auditLimits' }]);
    // Nothing was observed for the registry: no ingest count, no timing, no process metrics.
    const registry = await off.app.deps.metrics.registry.metrics();
    expect(registry).not.toMatch(/audit_events_ingested_total\{|audit_write_duration_seconds_count\{|process_cpu/);
  });
});

describe('every answer', () => {
  it('carries a request id: the client’s when sane, a fresh one otherwise', async () => {
    const given = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-abc-123' },
      body: JSON.stringify({ query: '{ auditLimits { maxBatchSize } }' }),
    });
    expect(given.headers.get('x-request-id')).toBe('trace-abc-123');
    const insane = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'bad id with spaces' },
      body: JSON.stringify({ query: '{ auditLimits { maxBatchSize } }' }),
    });
    expect(insane.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('logs of requests', () => {
  let lines: Array<Record<string, unknown>>;
  let raw: string;
  let app: App;
  const failures: Array<{ errors?: Array<{ message: string }> }> = [];
  beforeAll(async () => {
    raw = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        raw += String(chunk);
        done();
      },
    });
    const config = { ...t.config, auth: { ...t.config.auth, mode: 'enforced' as const, tokenCacheTtlMs: 0 } };
    app = await buildApp({
      config,
      db: t.config.database.kind === 'pglite' ? t.app.deps.db : undefined,
      logger: createLogger({ logLevel: 'debug' }, sink),
    });
    const url = await app.start();
    raw = '';
    const secret = await token(t, 'svc-logs', ['audit:write']);
    const call = (headers: Record<string, string>, events: unknown[]) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({
          query: 'mutation($e: [AuditEventInput!]!) { recordAuditEvents(events: $e) { recordedCount } }',
          variables: { e: events },
        }),
      });
    const secretPayload = { secret_value: 'hunter2-payload' };
    await call(bearer(`agw_${'B'.repeat(43)}`), [makeEvent({ eventData: secretPayload })]);
    await call({}, [makeEvent({ eventData: secretPayload })]);
    await call(bearer(secret), [makeEvent({ eventData: secretPayload, eventTimestamp: 'bad' })]);
    // Two unexpected errors, masked and logged by Yoga: one while executing, one while authenticating.
    const reader = await token(t, 'svc-logs-read', ['audit:read']);
    const read = (headers: Record<string, string>) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: '{ correlations(first: 1) { nodes { correlationId } } }' }),
      }).then((r) => r.json() as Promise<{ errors?: Array<{ message: string }> }>);
    await t.query('ALTER TABLE audit_chain_heads RENAME TO audit_chain_heads_away');
    failures.push(await read({ ...bearer(reader), 'x-request-id': 'logs-failed-read' }));
    await t.query('ALTER TABLE audit_chain_heads_away RENAME TO audit_chain_heads');
    await t.query('ALTER TABLE api_tokens RENAME TO api_tokens_away');
    failures.push(await read({ ...bearer(reader), 'x-request-id': 'logs-failed-lookup' }));
    await t.query('ALTER TABLE api_tokens_away RENAME TO api_tokens');
    await app.stop();
    lines = raw
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  });

  it('name the request of a refusal', () => {
    const refusals = lines.filter((l) => /refused/.test(String(l.msg)));
    expect(refusals).toHaveLength(2);
    for (const line of refusals) expect(line.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(refusals.map((l) => l.requestId)).size).toBe(2);
  });

  it('name the request of an unexpected error, which the client sees masked', () => {
    expect(failures.map((f) => f.errors?.[0]?.message)).toEqual(['Unexpected error.', 'Unexpected error.']);
    const errors = lines.filter((l) => l.level === 50);
    const named = (id: string) => errors.filter((l) => l.requestId === id);
    expect(named('logs-failed-read')).toHaveLength(1);
    expect(String((named('logs-failed-read')[0]?.err as { message?: string }).message)).toMatch(/audit_chain_heads/);
    expect(named('logs-failed-lookup')).toHaveLength(1);
    expect(String((named('logs-failed-lookup')[0]?.err as { message?: string }).message)).toMatch(/api_tokens/);
  });

  it('never hold a token or a payload', () => {
    expect(raw).not.toContain('agw_');
    expect(raw).not.toContain('hunter2-payload');
  });
});
