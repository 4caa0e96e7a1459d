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
 * Depth, cost, alias and token limits from graphql-armor, checked while validating, before anything runs. A
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
    maxAliases: {
      n: limits.maxAliases,
      propagateOnRejection: false,
      onReject: [rejectWith(Codes.QueryTooManyAliases, { maxAliases: limits.maxAliases })],
    },
    maxTokens: {
      n: limits.maxTokens,
      propagateOnRejection: false,
      // Counted while parsing, where there is no validation context to report to: throw instead.
      onReject: [
        (_context, error) => {
          throw new GraphQLError(error.message.replace(/^Syntax Error: /, ''), {
            extensions: { code: Codes.QueryTooLarge, maxTokens: limits.maxTokens },
          });
        },
      ],
    },
    // With introspection off, "did you mean …" suggestions would leak the schema.
    blockFieldSuggestion: { enabled: limits.blockFieldSuggestions },
    maxDirectives: { enabled: false },
  }) as Plugin;
}
