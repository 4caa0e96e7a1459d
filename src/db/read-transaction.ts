import { codedError, ErrorCode } from '../errors.js';
import type { Database, Runner } from './client.js';
import { SqlState, sqlState } from './errors.js';

const UNREADABLE_INPUT = new Set<string | undefined>([
  SqlState.CharacterNotInRepertoire,
  SqlState.UntranslatableCharacter,
  SqlState.InvalidTextRepresentation,
]);

/**
 * Runs read statements and reports a statement cancelled by the server's `statement_timeout` as
 * QUERY_TIMEOUT instead of a masked error, and a parameter the server cannot read as
 * BAD_USER_INPUT. The timeout itself is a setting of every connection (src/db/client.ts), so a read
 * costs no extra round trip. PGlite accepts the setting but does not enforce it (measured), so the
 * embedded engine has no query timeout.
 */
export async function withStatementTimeout<T>(
  db: Database,
  timeoutMs: number,
  work: (runner: Runner) => Promise<T>,
): Promise<T> {
  try {
    return await work(db.orm);
  } catch (error) {
    const state = sqlState(error);
    if (state === SqlState.QueryCanceled) {
      throw codedError(ErrorCode.QueryTimeout, `the query ran past the ${timeoutMs} ms statement timeout`, {
        timeoutMs,
      });
    }
    // What input validation missed: a value PostgreSQL cannot take is the client's, never a 500.
    if (UNREADABLE_INPUT.has(state)) {
      throw codedError(
        ErrorCode.BadUserInput,
        'an argument holds text PostgreSQL cannot compare (a NUL character or an unpaired surrogate) or a value invalid for its type',
      );
    }
    throw error;
  }
}
