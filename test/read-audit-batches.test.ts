import pino from 'pino';
import type postgres from 'postgres';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReadAuditOptions } from '../src/auth/read-audit.js';
import { bearer, token } from './support/auth.js';
import { GetAuditLimits } from './support/documents.js';
import { createTestApp, onPostgres, sessionsBeside, type TestApp } from './support/test-app.js';

const READER = 'steady-reader';
const VIEWS = `audit-log-views:service:${READER}`;
// Only a full batch (or an explicit flush) writes: the timer never fires within a test.
const NO_TIMER: ReadAuditOptions = { flushIntervalMs: 600_000 };

// The tests hold the views' chain head locked from a second connection, to keep a write waiting
// while more reads arrive: the embedded engine has one connection. The writer batches alike on
// the gateway's thread and in a worker thread; the worker reports its queue after each write.
describe.runIf(onPostgres).each([
  { writer: "on the gateway's thread", thread: false },
  { writer: 'in a worker thread', thread: true },
])('the read audit under steady reads, $writer', ({ thread }) => {
  let t: TestApp;
  let holder: postgres.Sql | undefined;
  afterEach(async () => {
    await holder?.end();
    await t?.close();
  });

  let logged: string[] = [];
  const start = async (overrides: Record<string, string>, readAudit: ReadAuditOptions) => {
    logged = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => logged.push(line) });
    t = await createTestApp(overrides, { readAudit: { ...readAudit, thread }, logger });
    holder = sessionsBeside(t);
    const reader = bearer(await token(t, READER, ['audit:read']));
    return async (n: number) => {
      const answers = await Promise.all(Array.from({ length: n }, () => t.gql(GetAuditLimits, {}, reader)));
      expect(answers.map((a) => a.errors)).toEqual(answers.map(() => undefined));
    };
  };
  /** Stored views, per write transaction, in order. */
  const batchSizes = async () =>
    (
      await t.query<{ views: number }>(
        `SELECT count(*)::int AS views FROM audit_events WHERE correlation_id = $1
         GROUP BY xmin::text ORDER BY min(sequence)`,
        [VIEWS],
      )
    ).map((b) => b.views);
  const stored = async () => (await batchSizes()).reduce((sum, n) => sum + n, 0);
  const until = (check: () => Promise<boolean>) => vi.waitUntil(check, { timeout: 5000, interval: 10 });
  /** Runs `meanwhile` with the views' chain head locked from another session: view writes wait. */
  const withViewsHeadLocked = (meanwhile: () => Promise<void>) =>
    holder?.begin(async (sql) => {
      await sql`SELECT 1 FROM audit_chain_heads WHERE correlation_id = ${VIEWS} FOR UPDATE`;
      await meanwhile();
    });
  const metric = async (name: 'readAuditFailures' | 'readAuditPending') =>
    (await t.app.deps.metrics[name].get()).values[0]?.value;

  it('writes full batches: views arriving during a write wait for the next batch', async () => {
    const read = await start({}, { ...NO_TIMER, batchSize: 10 });
    await read(10);
    await until(async () => (await stored()) === 10);

    await withViewsHeadLocked(async () => {
      await read(10); // a batch: its write waits for the lock
      await read(3); // arrive while it waits
    });
    await until(async () => (await stored()) === 20);
    await until(async () => (await metric('readAuditPending')) === 3);

    await read(7); // the 3 and these 7 make a batch
    await t.app.deps.readAudit.flush();
    expect(await batchSizes()).toEqual([10, 10, 10]);
  });

  it('keeps views whose write timed out and retries them, once, not on every view', async () => {
    const read = await start({ WRITE_TIMEOUT: '1s' }, { ...NO_TIMER, batchSize: 5 });
    await read(5);
    await until(async () => (await stored()) === 5);

    await withViewsHeadLocked(async () => {
      await read(5); // a batch: its write waits for the lock until the write timeout
      await until(async () => (await metric('readAuditFailures')) === 1);
      await read(12); // after a failure, more full batches do not start writes
      expect(await metric('readAuditPending')).toBe(17);
    });
    await t.app.deps.readAudit.flush();
    expect(await metric('readAuditFailures')).toBe(1);
    expect(await batchSizes()).toEqual([5, 5, 5, 5, 2]);
    const retried = logged.map((line) => JSON.parse(line)).filter((l) => /will retry/.test(l.msg));
    expect(retried).toMatchObject([{ views: 5, err: { extensions: { code: 'RETRYABLE_CONFLICT' } } }]);
  });

  it('says how many views it could not write when it stops', async () => {
    const read = await start({ WRITE_TIMEOUT: '1s' }, { ...NO_TIMER, batchSize: 5 });
    await read(5);
    await until(async () => (await stored()) === 5);

    await withViewsHeadLocked(async () => {
      await read(3);
      await t.app.deps.readAudit.stop(); // its one write times out behind the lock
    });
    const notRecorded = logged.map((line) => JSON.parse(line)).filter((l) => /not recorded at shutdown/.test(l.msg));
    expect(notRecorded).toMatchObject([{ views: 3 }]);
    // The lock is gone: stopped again, the gateway's thread writes them; the worker has ended.
    await t.app.deps.readAudit.stop();
    expect(await stored()).toBe(thread ? 5 : 8);
  });
});
