import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { Config } from '../config.js';
import { preparingClient } from './prepared-statements.js';
import { reservedTransactions } from './reserved-transactions.js';
import * as tables from './tables.js';

export type Orm = PgDatabase<PgQueryResultHKT, typeof tables>;
/** The database or an open transaction: anything a statement can run on. */
export type Runner = Pick<Orm, 'execute'>;

export interface Database {
  readonly engine: 'postgres' | 'pglite';
  readonly orm: Orm;
  /** Calls `onPayload` for every NOTIFY on `channel`; resolves to an unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  /** Calls `onStatement` with the text of every statement drizzle sends; returns a function that stops it. */
  observeStatements(onStatement: (statement: string) => void): () => void;
  close(): Promise<void>;
}

/** A drizzle logger that hands each statement to whoever observes (tests count N+1 queries with it). */
function statementObservers() {
  const observers = new Set<(statement: string) => void>();
  return {
    logger: { logQuery: (statement: string) => observers.forEach((observe) => observe(statement)) },
    observeStatements(onStatement: (statement: string) => void) {
      observers.add(onStatement);
      return () => void observers.delete(onStatement);
    },
  };
}

/**
 * Runs one statement and returns its rows, whichever driver is underneath.
 *
 * postgres.js answers with its own result array (PGlite with `{ rows }`). That array stays
 * reachable for young-generation collections long after its statement (it is freed only by a full
 * collection; what holds it was not found), and every row and string in it survived with it:
 * replaying a timeline page in a loop, 30 MB survived each young collection and each pause took
 * about 30 ms; emptying the array after use left 0.45 MB and 4 ms (bench/README.md). So its rows
 * come back in a fresh array and the driver's own is emptied.
 */
export async function rows<Row>(runner: Runner, statement: SQL): Promise<Row[]> {
  const result: unknown = await runner.execute(statement);
  if (!Array.isArray(result)) return (result as { rows: Row[] }).rows;
  const copy = result.slice() as Row[];
  result.length = 0;
  return copy;
}

/** The one place that knows which engine runs: postgres.js with DATABASE_URL, PGlite without. */
export async function createDb(config: Config): Promise<Database> {
  const target = config.database;
  const { logger, observeStatements } = statementObservers();
  if (target.kind === 'postgres') {
    const options = {
      max: target.poolSize,
      // Every statement runs under the query timeout, set once per connection: a per-read
      // SET LOCAL would cost three more round trips (BEGIN, set_config, COMMIT) on every query.
      // No JIT: the gateway's statements are short, and when a month's partition has outgrown its
      // statistics their estimates pass jit_above_cost. Each live read then spent 1.1 s compiling
      // to run for 0.1 ms (test/jit-off.test.ts, bench/README.md).
      connection: {
        TimeZone: 'UTC',
        application_name: 'audit-gateway',
        statement_timeout: config.query.timeoutMs,
        jit: 'off',
      },
      onnotice: () => {},
      // Sequences and counts are int8; they stay far below 2^53, so read them as numbers.
      types: { int8: { to: 20, from: [20], serialize: (v: number) => String(v), parse: (v: string) => Number(v) } },
    } satisfies postgres.Options<Record<string, postgres.PostgresType>>;
    // Write transactions, on connections of their own: their statements go out back to back (pipelined).
    const client = postgres(target.url, options);
    // Single statements (reads above all) never queue behind another statement on a busy connection,
    // as postgres.js does by default when every connection is busy: a cheap page would wait there
    // for whatever runs ahead of it, a 400 ms containment scan say. They wait in one queue for the
    // first free connection instead (test/statement-queue.test.ts).
    // max_pipeline is in postgres.js' options but not in its types.
    const statements = postgres(target.url, { ...options, max_pipeline: 0 } as typeof options);
    const orm = drizzlePostgres(preparingClient(reservedTransactions(client, statements)), {
      schema: tables,
      logger,
    }) as unknown as Orm;
    // drizzle sets its type parsers (timestamps as text, JSON as is) on the client it is given, in
    // place; the transactions' client needs the same ones.
    Object.assign(client.options.parsers, statements.options.parsers);
    Object.assign(client.options.serializers, statements.options.serializers);
    return {
      engine: 'postgres',
      orm,
      observeStatements,
      async listen(channel, onPayload) {
        const { unlisten } = await client.listen(channel, onPayload);
        return unlisten;
      },
      close: async () => {
        await Promise.all([client.end({ timeout: 5 }), statements.end({ timeout: 5 })]);
      },
    };
  }

  if (!target.dataDir.startsWith('memory://')) mkdirSync(target.dataDir, { recursive: true });
  const client = await PGlite.create(target.dataDir);
  await client.exec(`SET TIME ZONE 'UTC'`);
  const orm = drizzlePglite(client, { schema: tables, logger }) as unknown as Orm;
  return {
    engine: 'pglite',
    orm,
    observeStatements,
    async listen(channel, onPayload) {
      const unsubscribe = await client.listen(channel, onPayload);
      return unsubscribe;
    },
    close: () => client.close(),
  };
}
