import type { Sql, UnsafeQueryOptions } from 'postgres';

/**
 * How many distinct statement texts run as named prepared statements. postgres.js keeps a prepared
 * statement for its connection's whole life, and filters compose into unboundedly many texts, so
 * only the first texts seen are prepared (the hot ones come first); later ones run unnamed.
 */
export const MAX_PREPARED_TEXTS = 200;

/** A read: with no parameters (a first page with no filter) it is worth preparing too; DDL and SET are not. */
const READ = /^\s*(SELECT|WITH)\b/i;

/**
 * The postgres.js client as drizzle should see it: drizzle runs every `execute()` as an unnamed
 * statement, so PostgreSQL parses and plans it again each time. On the partitioned `audit_events`
 * that planning costs far more than running an indexed page (measured on 10 million rows: 0.5 ms
 * to plan a timeline page, 0.01 ms to run it). A named statement is planned once per connection;
 * PostgreSQL re-plans it by itself after DDL such as a new partition.
 *
 * Statements inside transactions (the client postgres.js hands to `begin`'s callback) are prepared
 * too: an unnamed statement with parameters costs postgres.js two round trips (it describes the
 * statement before binding), and a batch's write transaction runs seven of them.
 */
export function preparingClient(client: Sql, maxTexts = MAX_PREPARED_TEXTS): Sql {
  const prepared = new Set<string>();
  const shouldPrepare = (text: string, params: unknown): boolean => {
    const hasParams = Array.isArray(params) && params.length > 0;
    if (!hasParams && !READ.test(text)) return false;
    if (prepared.has(text)) return true;
    if (prepared.size >= maxTexts) return false;
    prepared.add(text);
    return true;
  };
  const preparing = (sql: Sql): Sql => {
    // Without parameters postgres.js sends a text by the simple protocol, which cannot name a
    // statement; its `simple` option (read by `unsafe`, not in its types) asks for the extended one.
    const unsafe: Sql['unsafe'] = (text, params, options) =>
      options?.prepare === true || shouldPrepare(text, params)
        ? sql.unsafe(text, params, { ...options, prepare: true, simple: false } as UnsafeQueryOptions)
        : sql.unsafe(text, params, { ...options, prepare: false });
    const begin = (...args: unknown[]) => {
      const work = args.pop() as (tx: Sql) => unknown;
      return (sql.begin as (...a: unknown[]) => Promise<unknown>)(...args, (tx: Sql) => work(preparing(tx)));
    };
    return new Proxy(sql, {
      get: (target, property, receiver) =>
        property === 'unsafe' ? unsafe : property === 'begin' ? begin : Reflect.get(target, property, receiver),
    });
  };
  return preparing(client);
}
