import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { QueryLimits } from './config.js';
import { type ErrorCode, ErrorCode as Codes } from './errors.js';

type Reject = (context: { reportError(error: GraphQLError): void } | null, error: GraphQLError) => void;

/** graphql-armor words its rejections as "Syntax Error: …"; this reports them with a code instead. */
const rejectWith =
  (code: ErrorCode, limit: Record<string, number>): Reject =>
  (context, error) => {
    const message = error.message.replace(/^Syntax Error: /, '');
    context?.reportError(new GraphQLError(message, { extensions: { code, ...limit } }));
  };

/**
 * Depth and cost limits from graphql-armor, checked while validating, before anything runs. A
 * rejected operation gets QUERY_TOO_DEEP or QUERY_TOO_COSTLY with the limit it passed. The statement
 * timeout, the third guard rail, is applied to every read by src/db/read-transaction.ts.
 */
export function useQueryLimits(limits: QueryLimits): Plugin {
  return EnvelopArmorPlugin({
    maxDepth: {
      n: limits.maxDepth,
      propagateOnRejection: false,
      onReject: [rejectWith(Codes.QueryTooDeep, { maxDepth: limits.maxDepth })],
    },
    costLimit: {
      maxCost: limits.maxCost,
      propagateOnRejection: false,
      onReject: [rejectWith(Codes.QueryTooCostly, { maxCost: limits.maxCost })],
    },
    // Only depth and cost are asked for here; the other protections stay off so their messages and
    // limits do not surprise clients.
    blockFieldSuggestion: { enabled: false },
    maxAliases: { enabled: false },
    maxDirectives: { enabled: false },
    maxTokens: { enabled: false },
  }) as Plugin;
}
