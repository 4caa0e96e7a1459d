import { useGraphQlJit } from '@envelop/graphql-jit';
import {
  type DocumentNode,
  type ExecutionArgs,
  getNamedType,
  type GraphQLInputObjectType,
  type GraphQLSchema,
  isInputObjectType,
  Kind,
  type OperationDefinitionNode,
  typeFromAST,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

const compiled = new WeakMap<DocumentNode, boolean>();

function isIngestOperation(operation: OperationDefinitionNode): boolean {
  return (
    operation.operation === 'mutation' &&
    operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && s.name.value === 'recordAuditEvents')
  );
}

/** Input types that contain themselves (AuditEventFilter's and/or/not), per schema. */
const recursiveInputs = new WeakMap<GraphQLSchema, Set<string>>();

function recursiveInputsOf(schema: GraphQLSchema): Set<string> {
  let found = recursiveInputs.get(schema);
  if (found) return found;
  found = new Set();
  const reaches = (from: GraphQLInputObjectType, target: GraphQLInputObjectType, seen: Set<string>): boolean =>
    Object.values(from.getFields()).some((field) => {
      const type = getNamedType(field.type);
      if (!isInputObjectType(type)) return false;
      if (type === target) return true;
      if (seen.has(type.name)) return false;
      seen.add(type.name);
      return reaches(type, target, seen);
    });
  for (const type of Object.values(schema.getTypeMap())) {
    if (isInputObjectType(type) && reaches(type, type, new Set())) found.add(type.name);
  }
  recursiveInputs.set(schema, found);
  return found;
}

/** graphql-jit recurses without end compiling a variable of a recursive input type. */
function hasNoRecursiveVariables(args: ExecutionArgs, operation: OperationDefinitionNode): boolean {
  const recursive = recursiveInputsOf(args.schema);
  return (operation.variableDefinitions ?? []).every((v) => {
    const type = typeFromAST(args.schema, v.type as never);
    return type !== undefined && !recursive.has(getNamedType(type).name);
  });
}

function operationOf(args: ExecutionArgs): OperationDefinitionNode | undefined {
  return args.document.definitions.find(
    (d): d is OperationDefinitionNode =>
      d.kind === Kind.OPERATION_DEFINITION && (!args.operationName || d.name?.value === args.operationName),
  );
}

/** Whether graphql-jit can compile the operation at all (for callers of its compileQuery). */
export function jitCanCompile(args: ExecutionArgs): boolean {
  const operation = operationOf(args);
  return operation !== undefined && hasNoRecursiveVariables(args, operation);
}

function shouldCompile(args: ExecutionArgs): boolean {
  const known = compiled.get(args.document);
  if (known !== undefined) return known;
  const operation = operationOf(args);
  const answer =
    operation !== undefined &&
    (isIngestOperation(operation) || (operation.operation === 'query' && hasNoRecursiveVariables(args, operation)));
  compiled.set(args.document, answer);
  return answer;
}

/**
 * Runs recordAuditEvents and queries through graphql-jit. Coercing a batch of 1000 events field by
 * field was the largest CPU cost of ingest in graphql-js (about 18 µs an event, measured);
 * resolving a page of 50 events field by field cost about a fifth of a timeline request's CPU
 * (2.8 -> 2.3 ms per request with it, measured). Queries with a variable of a recursive input type
 * (a whole AuditEventFilter) run on the standard executor, as do subscriptions and the other
 * mutations; a refused batch is described precisely by useCodedInputErrors.
 */
export function useCompiledOperations(): Plugin {
  return useGraphQlJit({}, { enableIf: shouldCompile }) as Plugin;
}
