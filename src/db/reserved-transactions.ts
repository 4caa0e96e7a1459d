import type { Sql } from 'postgres';

/**
 * The postgres.js client with `begin` rebuilt on `reserve()`. postgres.js 3.4.9 can send a
 * transaction's BEGIN without reserving its connection when BEGIN is pipelined onto a busy
 * connection under load (porsager/postgres#823, #1189; unfixed in the release): the transaction
 * fails with UNSAFE_TRANSACTION and, worse, its connection goes back to the pool inside an open
 * transaction, where other requests' statements would run. Seen here in the live bench, with
 * batches refused as internal errors. `reserve()` hands out only an idle connection, never one
 * with statements in flight, so BEGIN, the work and COMMIT all run on a connection no one else uses.
 *
 * Only the callback form drizzle uses is supported: `begin(fn)` and `begin(options, fn)`.
 * Everything but `begin` goes to `statements` (by default the same client).
 */
export function reservedTransactions(client: Sql, statements: Sql = client): Sql {
  const begin = async (...args: unknown[]): Promise<unknown> => {
    const work = args.pop() as (sql: Sql) => Promise<unknown>;
    const options = typeof args[0] === 'string' ? args[0].replace(/[^a-z ]/gi, '') : '';
    const connection = await client.reserve();
    try {
      await connection.unsafe(`BEGIN ${options}`);
      let result: unknown;
      try {
        result = await work(connection);
      } catch (error) {
        // A failed ROLLBACK means a broken connection, which postgres.js closes; the work's error is the news.
        await connection.unsafe('ROLLBACK').catch(() => {});
        throw error;
      }
      await connection.unsafe('COMMIT');
      return result;
    } finally {
      connection.release();
    }
  };
  return new Proxy(statements, {
    get: (target, property, receiver) => (property === 'begin' ? begin : Reflect.get(target, property, receiver)),
  });
}
