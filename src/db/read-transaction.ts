import { codedError, ErrorCode } from '../errors.js';
import type { Database, Runner } from './client.js';
import { SqlState, sqlState } from './errors.js';

/**
 * Runs read statements and reports a statement cancelled by the server's `statement_timeout` as
 * QUERY_TIMEOUT instead of a masked error. The timeout itself is a setting of every connection
 * (src/db/client.ts), so a read costs no extra round trip. PGlite accepts the setting but does not
 * enforce it (measured), so the embedded engine has no query timeout.
 */
export async function withStatementTimeout<T>(
  db: Database,
  timeoutMs: number,
  work: (runner: Runner) => Promise<T>,
): Promise<T> {
  try {
    return await work(db.orm);
  } catch (error) {
    if (sqlState(error) === SqlState.QueryCanceled) {
      throw codedError(ErrorCode.QueryTimeout, `the query ran past the ${timeoutMs} ms statement timeout`, {
        timeoutMs,
      });
    }
    throw error;
  }
}
