import {
  coerceInputValue,
  type DocumentNode,
  type GraphQLSchema,
  GraphQLError,
  type GraphQLInputType,
  Kind,
  type OperationDefinitionNode,
  typeFromAST,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode } from './errors.js';

interface InputProblem {
  index: number;
  field: string;
  message: string;
}

const REQUIRED_FIELD = /^Field "(\w+)" of required type/;

function operationOf(document: DocumentNode, name: string | null | undefined): OperationDefinitionNode | undefined {
  return document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && (!name || d.name?.value === name),
  );
}

/**
 * Re-coerces the variables with graphql-js to learn exactly where each bad value sits: the
 * compiled (JIT) executor reports coercion failures without the list index. This runs only for a
 * request that already failed, so the fast path pays nothing.
 */
function describeVariableErrors(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
): GraphQLError[] {
  const errors: GraphQLError[] = [];
  for (const definition of operationOf(document, operationName)?.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (!type) continue;
    const problems: InputProblem[] = [];
    const messages: string[] = [];
    const value = variables[name];
    if (value === undefined && definition.type.kind === Kind.NON_NULL_TYPE) {
      messages.push(`Variable "$${name}" of required type was not provided.`);
    } else {
      coerceInputValue(value, type, (path, _invalid, error) => {
        const where = path.length
          ? ` at "${name}${path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('')}"`
          : '';
        messages.push(`Variable "$${name}" got invalid value${where}; ${error.message}`);
        const [index, ...rest] = path;
        if (typeof index !== 'number') return;
        const missing = REQUIRED_FIELD.exec(error.message)?.[1];
        const field = [...rest.map(String), ...(missing ? [missing] : [])].join('.') || 'event';
        problems.push({ index, field, message: error.message });
      });
    }
    messages.forEach((message, i) =>
      errors.push(
        new GraphQLError(message, {
          nodes: definition,
          extensions: {
            code: ErrorCode.BadUserInput,
            ...(i === 0 && problems.length > 0 && { invalidEvents: problems }),
          },
        }),
      ),
    );
  }
  return errors;
}

/**
 * Variable values that do not fit the schema (a missing required field, a wrong type) are refused
 * before any resolver runs, without a code. This gives them BAD_USER_INPUT and, for a list
 * argument such as recordAuditEvents' events, the same `invalidEvents` entries ({ index, field,
 * message }) as the gateway's own validation.
 */
export function useCodedInputErrors(): Plugin {
  return {
    onExecute: ({ args }) => ({
      onExecuteDone: ({ result, setResult }) => {
        if (!('errors' in result) || !result.errors?.length || ('data' in result && result.data)) return;
        if (!result.errors.some((e) => !e.extensions?.code && e.message.startsWith('Variable "$'))) return;
        const described = describeVariableErrors(
          args.schema,
          args.document,
          args.operationName,
          (args.variableValues ?? {}) as Record<string, unknown>,
        );
        if (described.length > 0) setResult({ ...result, errors: described });
      },
    }),
  };
}
