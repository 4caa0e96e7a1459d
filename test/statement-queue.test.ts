import { sql } from 'drizzle-orm';
import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../src/db/client.js';
import { createTestApp, onPostgres, sessionsBeside, type TestApp } from './support/test-app.js';

// The embedded engine has one connection and no pipelining to speak of.
describe.runIf(onPostgres)('single statements on a busy pool', () => {
  let t: TestApp;
  let holder: postgres.Sql;
  beforeAll(async () => {
    t = await createTestApp({ DATABASE_POOL_SIZE: '2' });
    holder = sessionsBeside(t);
  });
  afterAll(async () => {
    await holder.end();
    await t.close();
  });

  it('wait for the first free connection, never behind a statement that is still running', async () => {
    const orm = t.app.deps.db.orm;
    const stuck = 7001;
    const brief = 7002;
    // Both locks are held elsewhere, so both pool connections block on them. The keys are written
    // into the statements: a statement with parameters is described first and never pipelined.
    const held = await holder.reserve();
    try {
      await held`SELECT pg_advisory_lock(${stuck}), pg_advisory_lock(${brief})`;
      const waitsLong = rows(orm, sql`SELECT pg_advisory_xact_lock(${sql.raw(String(stuck))}) AS done`);
      const waitsBriefly = rows(orm, sql`SELECT pg_advisory_xact_lock(${sql.raw(String(brief))}) AS done`);
      await waitForLockWaiters(held, 2);
      const cheap = rows<{ answer: number }>(orm, sql`SELECT 1 AS answer`);

      await held`SELECT pg_advisory_unlock(${brief})`;
      await waitsBriefly;
      // Pipelined onto the first connection, the cheap statement would wait for the stuck one.
      const first = await Promise.race([
        cheap.then((r) => r[0]?.answer),
        waitsLong.then(() => 'the stuck statement'),
        new Promise((resolve) => setTimeout(resolve, 5_000, 'nothing within 5 s')),
      ]);
      expect(first).toBe(1);

      await held`SELECT pg_advisory_unlock(${stuck})`;
      await waitsLong;
    } finally {
      await held`SELECT pg_advisory_unlock_all()`;
      held.release();
    }
  });

  async function waitForLockWaiters(session: postgres.Sql, count: number): Promise<void> {
    for (let attempt = 0; attempt < 200; attempt++) {
      const [row] = await session`SELECT count(*)::int AS waiting FROM pg_locks
        WHERE locktype = 'advisory' AND NOT granted
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;
      if (row?.waiting === count) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`never saw ${count} statements waiting on the locks`);
  }
});
