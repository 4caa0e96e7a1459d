import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preparingClient } from '../src/db/prepared-statements.js';
import { createTestApp, onPostgres, sessionsBeside, type TestApp } from './support/test-app.js';

// Named prepared statements are a postgres.js matter; the embedded engine never goes through it.
describe.runIf(onPostgres)('statements with parameters run as named prepared statements', () => {
  let t: TestApp;
  let client: postgres.Sql;
  beforeAll(async () => {
    t = await createTestApp();
    // One connection, so the session that prepared is the one asked about.
    client = sessionsBeside(t);
  });
  afterAll(async () => {
    await client.end();
    await t.close();
  });

  const preparedTexts = async () =>
    (await client.unsafe<Array<{ statement: string }>>('SELECT statement FROM pg_prepared_statements')).map(
      (r) => r.statement,
    );

  it('prepares the first texts with parameters, up to the limit, and answers the same either way', async () => {
    const sql = preparingClient(client, 2);
    const first = 'SELECT $1::int + 1 AS n';
    const second = 'SELECT $1::int + 2 AS n';
    const third = 'SELECT $1::int + 3 AS n';
    expect(await sql.unsafe(first, [1], { prepare: false })).toEqual([{ n: 2 }]);
    expect(await sql.unsafe(first, [5], { prepare: false })).toEqual([{ n: 6 }]);
    expect(await sql.unsafe(second, [1])).toEqual([{ n: 3 }]);
    expect(await sql.unsafe(third, [1])).toEqual([{ n: 4 }]);
    expect(await sql.unsafe('SELECT 7 AS n')).toEqual([{ n: 7 }]);

    const texts = await preparedTexts();
    expect(texts.filter((s) => s === first)).toHaveLength(1);
    expect(texts).toContain(second);
    expect(texts).not.toContain(third);
    expect(texts).not.toContain('SELECT 7 AS n');
  });

  it('prepares reads without parameters too, and nothing else without them', async () => {
    const sql = preparingClient(client);
    const read = 'SELECT 40 + 2 AS n';
    const setting = "SET application_name = 'prepared-probe'";
    expect(await sql.unsafe(read)).toEqual([{ n: 42 }]);
    await sql.unsafe(setting);
    const texts = await preparedTexts();
    expect(texts).toContain(read);
    expect(texts).not.toContain(setting);
  });

  it('keeps answering after the table under a prepared statement changes shape', async () => {
    const sql = preparingClient(client);
    await client.unsafe('CREATE TABLE prepared_probe (id int)');
    await client.unsafe('INSERT INTO prepared_probe VALUES (1)');
    const read = 'SELECT * FROM prepared_probe WHERE id = $1';
    expect(await sql.unsafe(read, [1])).toEqual([{ id: 1 }]);
    await client.unsafe('ALTER TABLE prepared_probe ADD COLUMN label text');
    expect(await sql.unsafe(read, [1])).toEqual([{ id: 1, label: null }]);
  });

  it('inside transactions too, where they commit and roll back as the transaction does', async () => {
    const sql = preparingClient(client);
    await client.unsafe('CREATE TABLE prepared_tx_probe (id int)');
    const insert = 'INSERT INTO prepared_tx_probe VALUES ($1)';
    await sql.begin(async (tx) => {
      await tx.unsafe(insert, [1]);
    });
    await sql
      .begin(async (tx) => {
        await tx.unsafe(insert, [2]);
        throw new Error('roll back');
      })
      .catch(() => {});
    expect(await client.unsafe('SELECT id FROM prepared_tx_probe ORDER BY id')).toEqual([{ id: 1 }]);
    expect(await preparedTexts()).toContain(insert);
  });
});
