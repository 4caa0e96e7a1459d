import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reservedTransactions } from '../src/db/reserved-transactions.js';
import { createTestApp, onPostgres, sessionsBeside, type TestApp } from './support/test-app.js';

// The wrapper replaces postgres.js's own `begin`; the embedded engine never goes through it.
describe.runIf(onPostgres)('transactions on a reserved connection', () => {
  let t: TestApp;
  let client: postgres.Sql;
  let sql: postgres.Sql;
  beforeAll(async () => {
    t = await createTestApp();
    client = sessionsBeside(t, 2);
    sql = reservedTransactions(client);
    await client`CREATE TABLE tx_probe (n int)`;
  });
  afterAll(async () => {
    await client.end();
    await t.close();
  });

  it('commits what the callback did and answers what it returned', async () => {
    const answer = await sql.begin(async (tx) => {
      await tx`INSERT INTO tx_probe VALUES (1)`;
      return 'done';
    });
    expect(answer).toBe('done');
    expect(await client`SELECT n FROM tx_probe WHERE n = 1`).toHaveLength(1);
  });

  it('rolls back when the callback throws, and the connection serves the next statement outside any transaction', async () => {
    await expect(
      sql.begin(async (tx) => {
        await tx`INSERT INTO tx_probe VALUES (2)`;
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await client`SELECT n FROM tx_probe WHERE n = 2`).toHaveLength(0);
    const [state] = await client`SELECT count(*)::int AS open FROM pg_stat_activity
      WHERE datname = current_database() AND state LIKE 'idle in transaction%'`;
    expect(state?.open).toBe(0);
  });

  it('passes transaction options on', async () => {
    const [row] = await sql.begin('isolation level serializable', (tx) => tx`SHOW transaction_isolation`);
    expect(row?.transaction_isolation).toBe('serializable');
  });

  it('keeps each transaction to itself while statements pile up on a small pool', async () => {
    const work = Array.from({ length: 20 }, (_, i) =>
      sql.begin(async (tx) => {
        const [{ xid }] = (await tx`SELECT txid_current()::text AS xid`) as unknown as [{ xid: string }];
        await tx`SELECT pg_sleep(0.01)`;
        const [{ again }] = (await tx`SELECT txid_current()::text AS again`) as unknown as [{ again: string }];
        return xid === again ? i : -1;
      }),
    );
    const plain = Array.from({ length: 40 }, () => client`SELECT txid_current_if_assigned() AS xid`);
    const [results, reads] = await Promise.all([Promise.all(work), Promise.all(plain)]);
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
    // A plain statement run inside someone's transaction would see that transaction's id.
    expect(reads.flat().every((r) => r.xid === null)).toBe(true);
  });
});
