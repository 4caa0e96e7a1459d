import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../src/db/client.js';
import { sqlState } from '../src/db/errors.js';
import { pipelined } from '../src/db/pipelined.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('statements pipelined on one transaction', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.query('CREATE TABLE pipeline_probe (position serial, label text)');
  });
  afterAll(() => t.close());

  it('run in the order given, drizzle queries and functions over them alike, and answer in that order', async () => {
    const orm = t.app.deps.db.orm;
    const answers = await orm.transaction((tx) =>
      pipelined([
        () => rows(tx, sql`INSERT INTO pipeline_probe (label) VALUES ('first')`),
        () => tx.execute(sql`INSERT INTO pipeline_probe (label) VALUES ('second')`),
        () =>
          rows<{ labels: string }>(
            tx,
            sql`SELECT string_agg(label, ',' ORDER BY position) AS labels FROM pipeline_probe`,
          ),
      ]),
    );
    expect(answers[2]).toEqual([{ labels: 'first,second' }]);
    expect(await t.query('SELECT label FROM pipeline_probe ORDER BY position')).toEqual([
      { label: 'first' },
      { label: 'second' },
    ]);
  });

  it('throw the first failure in that order, not a later statement’s aborted transaction, and commit nothing', async () => {
    const orm = t.app.deps.db.orm;
    const failure = await orm
      .transaction((tx) =>
        pipelined([
          () => tx.execute(sql`INSERT INTO pipeline_probe (label) VALUES ('lost')`),
          () => tx.execute(sql`SELECT 1 / 0`),
          () => rows(tx, sql`SELECT label FROM pipeline_probe`),
        ]),
      )
      .catch((error: unknown) => error);
    expect(sqlState(failure)).toBe('22012');
    expect(await t.query(`SELECT label FROM pipeline_probe WHERE label = 'lost'`)).toEqual([]);
  });
});
