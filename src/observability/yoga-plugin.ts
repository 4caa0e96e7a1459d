import { type DocumentNode, getOperationAST, Kind, type OperationDefinitionNode, valueFromASTUntyped } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { ReadAudit } from '../auth/read-audit.js';
import type { Context } from '../context.js';
import type { GatewayMetrics } from './metrics.js';

interface RootField {
  name: string;
  arguments: Record<string, unknown>;
}

function rootFields(operation: OperationDefinitionNode, variables: Record<string, unknown>): RootField[] {
  const fields: RootField[] = [];
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || selection.name.value.startsWith('__')) continue;
    const args: Record<string, unknown> = {};
    for (const arg of selection.arguments ?? []) args[arg.name.value] = valueFromASTUntyped(arg.value, variables);
    fields.push({ name: selection.name.value, arguments: args });
  }
  return fields;
}

interface OperationArgs {
  document: DocumentNode;
  operationName?: string | null;
  variableValues?: Record<string, unknown> | null;
  contextValue: unknown;
}

/**
 * Times every operation by root field (mutations as writes, queries and subscriptions as reads),
 * and hands every credentialed query or subscription to the read auditor. Without metrics
 * (METRICS=false) it only does the latter.
 */
export function useGatewayObservability(metrics: GatewayMetrics, auditor: ReadAudit): Plugin<Context> {
  const observe = (args: OperationArgs) => {
    const operation = getOperationAST(args.document, args.operationName);
    if (!operation) return undefined;
    const caller = (args.contextValue as Partial<Context>).caller;
    const audited = operation.operation !== 'mutation' && caller !== undefined && caller.credential !== 'none';
    if (!audited && !metrics.enabled) return undefined;
    const fields = rootFields(operation, args.variableValues ?? {});
    if (audited && fields.length > 0) {
      auditor.record({
        caller,
        operationType: operation.operation,
        operationName: operation.name?.value ?? null,
        fields,
      });
    }
    if (!metrics.enabled) return undefined;
    const histogram = operation.operation === 'mutation' ? metrics.writeDuration : metrics.queryDuration;
    // Released when done: a subscription keeps this closure for as long as it is open.
    let timers: Array<() => void> | undefined = fields.map((f) => histogram.startTimer({ operation: f.name }));
    metrics.dbQueriesInFlight.inc();
    return () => {
      if (!timers) return;
      metrics.dbQueriesInFlight.dec();
      for (const end of timers) end();
      timers = undefined;
    };
  };
  return {
    onExecute: ({ args }) => {
      const end = observe(args as OperationArgs);
      return end ? { onExecuteDone: end } : undefined;
    },
    onSubscribe: ({ args }) => {
      const end = observe(args as OperationArgs);
      // The same closure for both hooks: a subscription keeps them for as long as it is open.
      return end ? { onSubscribeResult: end, onSubscribeError: end } : undefined;
    },
  };
}
