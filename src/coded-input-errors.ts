import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode } from './errors.js';

// graphql-js words variable coercion failures as:
//   Variable "$events" got invalid value … at "events[2].actor"; Field "id" of required type …
const COERCION = /^Variable "\$\w+" got invalid value .*? at "\w+\[(\d+)\]((?:\.\w+|\[\d+\])*)"; (?:Field "(\w+)")?/s;

/**
 * Variable values that do not fit the schema (a missing required field, a wrong type) are refused
 * by graphql-js before any resolver runs, without a code. This gives them BAD_USER_INPUT and, for
 * a list argument such as recordAuditEvents' events, the same `invalidEvents` entries as the
 * gateway's own validation.
 */
export function useCodedInputErrors(): Plugin {
  const code = (error: GraphQLError): GraphQLError => {
    if (error.extensions?.code || !error.message.startsWith('Variable "$')) return error;
    const match = COERCION.exec(error.message);
    const invalidEvents = match
      ? [
          {
            index: Number(match[1]),
            field: [match[2]?.slice(1), match[3]].filter(Boolean).join('.') || 'event',
            message: error.message,
          },
        ]
      : undefined;
    return new GraphQLError(error.message, {
      nodes: error.nodes,
      extensions: { ...error.extensions, code: ErrorCode.BadUserInput, ...(invalidEvents && { invalidEvents }) },
    });
  };
  return {
    onExecute: () => ({
      onExecuteDone: ({ result, setResult }) => {
        if ('errors' in result && result.errors && !('data' in result && result.data)) {
          setResult({ ...result, errors: result.errors.map(code) });
        }
      },
    }),
  };
}
