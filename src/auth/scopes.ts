import type { GraphQLError } from 'graphql';
import type { Context } from '../context.js';
import { codedError, ErrorCode } from '../errors.js';

/** The error of a caller whose credential lacks the scope a field needs. */
export function forbidden(context: Context, fieldName: string): GraphQLError {
  context.deps.metrics.authFailures.inc({ code: ErrorCode.Forbidden });
  return codedError(
    ErrorCode.Forbidden,
    `"${context.caller.id}" may not use ${fieldName}: its credential lacks the scope`,
    {
      field: fieldName,
      scopes: [...context.caller.scopes],
    },
  );
}
