import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../src/app.js';
import { bearer, token } from './support/auth.js';
import { RecordAuditEvents } from './support/documents.js';
import { makeEvent } from './support/events.js';
import { startReplica } from './support/replica.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const env = { AUTH_MODE: 'enforced', AUTH_TOKEN_CACHE_TTL: '0s', RATE_LIMIT_EVENTS_PER_SECOND: '500' };
let t: TestApp;
/** A second gateway on the same database: a second process on PostgreSQL, a second app on PGlite. */
let second: { url: string; stop(): Promise<void> };
beforeAll(async () => {
  t = await createTestApp(env);
  if (t.config.database.kind === 'postgres') {
    second = await startReplica(t.config.database.url, env);
  } else {
    const app: App = await buildApp({ config: t.config, db: t.app.deps.db });
    second = { url: await app.start(), stop: () => app.stop() };
  }
});
afterAll(async () => {
  await second?.stop();
  await t?.close();
});

const batch = (correlationId: string, n: number) => Array.from({ length: n }, () => makeEvent({ correlationId }));

const countEvents = async (correlationId: string) =>
  Number(
    (
      await t.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events WHERE correlation_id = $1', [
        correlationId,
      ])
    )[0]?.n,
  );

describe('an account over its events-per-second budget', () => {
  it('is refused with RATE_LIMITED and a retry-after, and nothing of the batch is written', async () => {
    const credential = bearer(await token(t, 'svc-slow', ['audit:write'], { eventsPerSecond: 1, burst: 30 }));
    const first = await t.gql(RecordAuditEvents, { events: batch('rr-rate-1', 25) }, credential);
    expect(first.errors).toBeUndefined();
    const over = await t.gql(RecordAuditEvents, { events: batch('rr-rate-2', 10) }, credential);
    expect(over.status).toBe(429);
    expect(over.errors?.[0]?.extensions).toMatchObject({
      code: 'RATE_LIMITED',
      limit: { eventsPerSecond: 1, burst: 30 },
    });
    expect(over.errors?.[0]?.extensions?.retryAfter).toBeGreaterThanOrEqual(4);
    expect(await countEvents('rr-rate-2')).toBe(0);
    const metrics = await t.app.deps.metrics.rateLimited.get();
    expect(metrics.values.find((v) => v.labels.account === 'svc-slow')?.value).toBe(1);
  });

  it('is refused with RATE_LIMITED even when the batch is also invalid (the charge, made beside validation, answers first)', async () => {
    const credential = bearer(await token(t, 'svc-spent', ['audit:write'], { eventsPerSecond: 1, burst: 10 }));
    expect((await t.gql(RecordAuditEvents, { events: batch('rr-rate-spent', 10) }, credential)).errors).toBeUndefined();
    const invalid = [{ ...makeEvent({ correlationId: 'rr-rate-invalid' }), eventType: '' }];
    const res = await t.gql(RecordAuditEvents, { events: invalid }, credential);
    expect(res.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(await countEvents('rr-rate-invalid')).toBe(0);
  });

  it('refuses a batch no window could hold outright, without charging the account', async () => {
    const credential = bearer(await token(t, 'svc-small', ['audit:write'], { eventsPerSecond: 5, burst: 10 }));
    const res = await t.gql(RecordAuditEvents, { events: batch('rr-rate-big', 11) }, credential);
    expect(res.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(res.errors?.[0]?.message).toContain('burst of 10');
    expect(await countEvents('rr-rate-big')).toBe(0);
    const fits = await t.gql(RecordAuditEvents, { events: batch('rr-rate-fits', 10) }, credential);
    expect(fits.errors).toBeUndefined();
    expect(await countEvents('rr-rate-fits')).toBe(10);
  });

  it('gets its budget back after the retry-after it was given', async () => {
    const credential = bearer(await token(t, 'svc-steady', ['audit:write'], { eventsPerSecond: 20, burst: 20 }));
    expect((await t.gql(RecordAuditEvents, { events: batch('rr-steady-1', 20) }, credential)).errors).toBeUndefined();
    const over = await t.gql(RecordAuditEvents, { events: batch('rr-steady-2', 5) }, credential);
    expect(over.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1_050));
    const later = await t.gql(RecordAuditEvents, { events: batch('rr-steady-3', 20) }, credential);
    expect(later.errors).toBeUndefined();
    expect([await countEvents('rr-steady-2'), await countEvents('rr-steady-3')]).toEqual([0, 20]);
  });

  it('does not limit other accounts', async () => {
    const credential = bearer(await token(t, 'svc-other', ['audit:write']));
    const res = await t.gql(RecordAuditEvents, { events: batch('rr-rate-other', 50) }, credential);
    expect(res.errors).toBeUndefined();
  });
});

describe('two gateways sharing one database', () => {
  it('draw on one budget per account', async () => {
    const secret = await token(t, 'svc-shared', ['audit:write'], { eventsPerSecond: 1, burst: 40 });
    const send = async (url: string, correlationId: string) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(secret) },
        body: JSON.stringify({
          query: 'mutation($events: [AuditEventInput!]!) { recordAuditEvents(events: $events) { recordedCount } }',
          variables: { events: batch(correlationId, 10) },
        }),
      });
      return (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
    };
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await send(i % 2 === 0 ? t.url : second.url, `rr-shared-${i}`));
    const codes = answers.map((a) => a.errors?.[0]?.extensions?.code ?? 'ok');
    expect(codes).toEqual(['ok', 'ok', 'ok', 'ok', 'RATE_LIMITED', 'RATE_LIMITED']);
    let stored = 0;
    for (let i = 0; i < 6; i++) stored += await countEvents(`rr-shared-${i}`);
    expect(stored).toBe(40);
  });
});

describe('the windows table', () => {
  it('loses windows that ended over an hour ago to the periodic maintenance, and keeps the rest', async () => {
    // An app of its own, whose maintenance runs every second.
    const own = await createTestApp({ ...env, PARTITION_CHECK_INTERVAL: '1s' });
    try {
      await own.query(
        `INSERT INTO rate_limit_windows (key, points, expire) VALUES ('events:old', 3, now() - interval '2 hours'), ('events:recent', 3, now() - interval '5 minutes')`,
      );
      const keys = async () =>
        (await own.query<{ key: string }>(`SELECT key FROM rate_limit_windows ORDER BY key`)).map((k) => k.key);
      await expect.poll(keys, { timeout: 5_000, interval: 100 }).toEqual(['events:recent']);
    } finally {
      await own.close();
    }
  });
});
