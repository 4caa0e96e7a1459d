import { sql } from 'drizzle-orm';
import { codedError, ErrorCode } from '../errors.js';
import type { Database, Runner } from './client.js';
import { SqlState, sqlState } from './errors.js';

/**
 * Runs read statements in one transaction under `statement_timeout` (set with `set_config(…, true)`,
 * the bindable form of SET LOCAL, so it ends with the transaction on both engines). A statement
 * that runs past it is cancelled by the server and reported as QUERY_TIMEOUT instead of holding a
 * connection.
 */
export async function withStatementTimeout<T>(
  db: Database,
  timeoutMs: number,
  work: (tx: Runner) => Promise<T>,
): Promise<T> {
  try {
    return await db.orm.transaction(async (tx) => {
      await tx.execute(sql`SELECT set_config('statement_timeout', ${String(timeoutMs)}, true)`);
      return work(tx);
    });
  } catch (error) {
    if (sqlState(error) === SqlState.QueryCanceled) {
      throw codedError(ErrorCode.QueryTimeout, `the query ran past the ${timeoutMs} ms statement timeout`, {
        timeoutMs,
      });
    }
    throw error;
  }
}
