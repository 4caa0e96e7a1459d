import type { Worker } from 'node:worker_threads';
import pino from 'pino';
import type postgres from 'postgres';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReadAudit } from '../src/auth/read-audit.js';
import { bearer, token } from './support/auth.js';
import { expectUnbrokenChain, storedChain } from './support/chain-rows.js';
import { GetAuditLimits } from './support/documents.js';
import { createTestApp, onPostgres, sessionsBeside, type TestApp } from './support/test-app.js';

const READER = 'reader-beside-a-dying-worker';
const VIEWS = `audit-log-views:service:${READER}`;

// The read audit's worker thread (PostgreSQL only) can die: a bug, or its heap. The views it had
// not stored are written by the gateway's thread, as is every later view, each stored once.
describe.runIf(onPostgres)('the read audit when its worker thread dies', () => {
  let t: TestApp;
  let holder: postgres.Sql | undefined;
  afterEach(async () => {
    await holder?.end();
    await t?.close();
  });

  let logged: Array<Record<string, unknown>> = [];
  const start = async () => {
    logged = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => logged.push(JSON.parse(line)) });
    // Only a full batch of 10 (or a flush) writes: the timer never fires within a test.
    t = await createTestApp({}, { readAudit: { thread: true, batchSize: 10, flushIntervalMs: 600_000 }, logger });
    const reader = bearer(await token(t, READER, ['audit:read']));
    return async (n: number) => {
      for (let i = 0; i < n; i++) expect((await t.gql(GetAuditLimits, {}, reader)).errors).toBeUndefined();
    };
  };
  const audit = () => t.app.deps.readAudit;
  /** Ends the worker as a crash would. */
  const killWorker = (readAudit: ReadAudit) => (readAudit as unknown as { worker: Worker }).worker.terminate();
  const pending = async () => (await t.app.deps.metrics.readAuditPending.get()).values[0]?.value;
  const until = (check: () => Promise<boolean>) => vi.waitUntil(check, { timeout: 5000, interval: 10 });
  const expectUnbrokenChainOf = async (views: number) => expectUnbrokenChain(await storedChain(t, VIEWS), views);
  const exitLines = () => logged.filter((line) => /read audit worker exited/.test(String(line.msg)));

  it('writes the views the worker held, and every later view, from the gateway thread', async () => {
    const read = await start();
    await read(10);
    await until(async () => (await storedChain(t, VIEWS)).length === 10 && (await pending()) === 0);
    await read(4); // held by the worker: not a full batch
    await until(async () => (await pending()) === 4);

    await killWorker(audit());
    await audit().flush();
    expect(exitLines()).toMatchObject([{ views: 4 }]);
    await expectUnbrokenChainOf(14);

    await read(3);
    expect(await pending()).toBe(3);
    await audit().flush();
    expect(await pending()).toBe(0);
    await expectUnbrokenChainOf(17);
  });

  it('stores each view of a batch the worker was writing when it died exactly once', async () => {
    const read = await start();
    holder = sessionsBeside(t);
    await read(10);
    await until(async () => (await storedChain(t, VIEWS)).length === 10 && (await pending()) === 0);

    await holder.begin(async (sql) => {
      await sql`SELECT 1 FROM audit_chain_heads WHERE correlation_id = ${VIEWS} FOR UPDATE`;
      await read(10); // a full batch: the worker's write waits for the lock
      await until(async () => (await sql`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted`)[0]?.n > 0);
      await killWorker(audit());
      // Whether the dead worker's transaction is aborted or commits once the lock is gone, the
      // gateway's thread writes the batch again, by the same ids, and each view is stored once.
      await until(async () => exitLines().length === 1);
    });
    await audit().flush();
    expect(exitLines()).toMatchObject([{ views: 10 }]);
    await expectUnbrokenChainOf(20);
    await audit().stop();
    expect(logged.filter((line) => /not recorded/.test(String(line.msg)))).toEqual([]);
  });
});
