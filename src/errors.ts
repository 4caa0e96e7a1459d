import { GraphQLError } from 'graphql';
import type { EventProblem } from './events/rules.js';

/** The closed set of codes a client may see in `extensions.code`. */
export const ErrorCode = {
  BadUserInput: 'BAD_USER_INPUT',
  BatchTooLarge: 'BATCH_TOO_LARGE',
  EventIdConflict: 'EVENT_ID_CONFLICT',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  BadRequest: 'BAD_REQUEST',
  Retryable: 'RETRYABLE_CONFLICT',
  NotFound: 'NOT_FOUND',
  /** A JSONB filter without `since`: it would scan every partition. */
  TimeWindowRequired: 'TIME_WINDOW_REQUIRED',
  /** A statement ran past the per-query statement timeout and was cancelled. */
  QueryTimeout: 'QUERY_TIMEOUT',
  /** The operation nests deeper than the configured maximum depth. */
  QueryTooDeep: 'QUERY_TOO_DEEP',
  /** The operation's estimated cost passes the configured maximum. */
  QueryTooCostly: 'QUERY_TOO_COSTLY',
  /** The operation uses more aliases than allowed. */
  QueryTooManyAliases: 'QUERY_TOO_MANY_ALIASES',
  /** The document has more tokens than allowed. */
  QueryTooLarge: 'QUERY_TOO_LARGE',
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  RateLimited: 'RATE_LIMITED',
  ShuttingDown: 'SHUTTING_DOWN',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export function codedError(code: ErrorCode, message: string, details: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...details } });
}

export function invalidEventsError(problems: EventProblem[]): GraphQLError {
  const indexes = new Set(problems.map((p) => p.index));
  return codedError(ErrorCode.BadUserInput, `${indexes.size} invalid event(s); nothing was written`, {
    invalidEvents: problems,
  });
}

export function eventIdConflictError(problems: EventProblem[]): GraphQLError {
  return codedError(
    ErrorCode.EventIdConflict,
    `${problems.length} event id(s) already name a different event; nothing was written`,
    { invalidEvents: problems },
  );
}
