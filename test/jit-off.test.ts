import { sql } from 'drizzle-orm';
import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../src/db/client.js';
import { createTestApp, onPostgres, sessionsBeside, type TestApp } from './support/test-app.js';

// Estimated at about 250,000, past the default jit_above_cost of 100,000: as a live read's estimate
// became once the current month's partition had grown far past its statistics (bench/README.md).
const COSTLY = 'SELECT sum(a.x::bigint * b.x) FROM generate_series(1, 3000) a(x), generate_series(1, 3000) b(x)';

type Plan = Array<{ Plan: { 'Total Cost': number }; JIT?: unknown }>;
const planOf = (row: Record<string, unknown> | undefined) => (row?.['QUERY PLAN'] as Plan)[0];

// The embedded engine has no JIT compiler.
describe.runIf(onPostgres)('statements the planner costs highly', () => {
  let t: TestApp;
  let plain: postgres.Sql;
  beforeAll(async () => {
    t = await createTestApp();
    plain = sessionsBeside(t);
  });
  afterAll(async () => {
    await plain.end();
    await t.close();
  });

  it('are never JIT-compiled on the gateway’s connections, reads and write transactions alike', async (ctx) => {
    const [control] = await plain.unsafe(`EXPLAIN (FORMAT JSON) ${COSTLY}`);
    const controlPlan = planOf(control);
    expect(controlPlan?.Plan['Total Cost']).toBeGreaterThan(100_000);
    // Without the compiler (PostgreSQL built without LLVM) there is nothing to turn off.
    if (!controlPlan?.JIT) ctx.skip();

    const orm = t.app.deps.db.orm;
    const [read] = await rows<Record<string, unknown>>(orm, sql.raw(`EXPLAIN (FORMAT JSON) ${COSTLY}`));
    expect(planOf(read)?.Plan['Total Cost']).toBeGreaterThan(100_000);
    expect(planOf(read)?.JIT).toBeUndefined();

    const [write] = await orm.transaction((tx) =>
      rows<Record<string, unknown>>(tx, sql.raw(`EXPLAIN (FORMAT JSON) ${COSTLY}`)),
    );
    expect(planOf(write)?.JIT).toBeUndefined();
  });
});
