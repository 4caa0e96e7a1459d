import { useGraphQlJit } from '@envelop/graphql-jit';
import { type DocumentNode, type ExecutionArgs, Kind } from 'graphql';
import type { Plugin } from 'graphql-yoga';

const ingestOnly = new WeakMap<DocumentNode, boolean>();

function isIngestOperation({ document, operationName }: ExecutionArgs): boolean {
  const known = ingestOnly.get(document);
  if (known !== undefined) return known;
  const operation = document.definitions.find(
    (d) => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
  );
  const answer =
    operation?.kind === Kind.OPERATION_DEFINITION &&
    operation.operation === 'mutation' &&
    operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && s.name.value === 'recordAuditEvents');
  ingestOnly.set(document, answer);
  return answer;
}

/**
 * Runs recordAuditEvents through graphql-jit: coercing a batch of 1000 events field by field was
 * the largest CPU cost of ingest in graphql-js (about 18 µs an event, measured), and compiled
 * variable parsing all but removes it. Only that mutation is compiled; everything else keeps the
 * standard executor, and a refused batch is described precisely by useCodedInputErrors.
 */
export function useCompiledIngest(): Plugin {
  return useGraphQlJit({}, { enableIf: isIngestOperation }) as Plugin;
}
