import { createSourceEventStream, type DocumentNode, type ExecutionArgs, type ExecutionResult, execute } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context.js';

type Result = ExecutionResult | Promise<ExecutionResult>;

/**
 * Executes each live event once per distinct subscription shape, not once per subscriber.
 *
 * graphql-js runs a subscription's selection set for every event and every subscriber. The hub
 * hands the same event object to all live subscribers of a correlation, so subscribers with the
 * same document, variables and scopes (a dashboard's many viewers) share one execution of that
 * event: the result is cached on the event object and dropped with it. Envelop's own subscribe
 * hooks (error masking, metrics) still wrap the stream as before.
 */
export function useSharedLiveExecution(): Plugin<Context> {
  const resultsByEvent = new WeakMap<object, Map<string, Result>>();
  const documentIds = new WeakMap<DocumentNode, number>();
  let nextDocumentId = 0;

  const shapeOf = (args: ExecutionArgs): string => {
    let documentId = documentIds.get(args.document);
    if (documentId === undefined) {
      documentId = nextDocumentId++;
      documentIds.set(args.document, documentId);
    }
    // What a field may depend on besides the event: the operation, its variables and the caller's scopes.
    const scopes = [...((args.contextValue as Partial<Context> | undefined)?.caller?.scopes ?? [])].sort();
    return JSON.stringify([documentId, args.operationName ?? null, args.variableValues ?? null, scopes]);
  };

  return {
    onSubscribe({ setSubscribeFn }) {
      setSubscribeFn(async (args: ExecutionArgs) => {
        const stream = await createSourceEventStream(args);
        if (!(Symbol.asyncIterator in stream)) return stream;
        const shape = shapeOf(args);
        return new MappedStream(stream, (event) => {
          if (typeof event !== 'object' || event === null) return execute({ ...args, rootValue: event });
          let results = resultsByEvent.get(event);
          if (!results) {
            results = new Map();
            resultsByEvent.set(event, results);
          }
          let result = results.get(shape);
          if (!result) {
            result = execute({ ...args, rootValue: event });
            results.set(shape, result);
          }
          return result;
        });
      });
    },
  };
}

/**
 * Maps a stream, passing the consumer's return() through to the source (the hub's subscriber). A
 * class, so an idle subscription holds one small object rather than four closures and their scope.
 */
class MappedStream<T> implements AsyncGenerator<ExecutionResult, undefined, undefined> {
  private readonly iterator: AsyncIterator<T>;

  constructor(
    source: AsyncIterable<T>,
    private readonly map: (value: T) => Result,
  ) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  async next(): Promise<IteratorResult<ExecutionResult, undefined>> {
    const step = await this.iterator.next();
    if (step.done) return { done: true, value: undefined };
    // A shallow copy per subscriber: plugins that set fields on a result never touch another's.
    return { done: false, value: { ...(await this.map(step.value)) } };
  }

  async return(): Promise<IteratorResult<ExecutionResult, undefined>> {
    await this.iterator.return?.();
    return { done: true, value: undefined };
  }

  async throw(error: unknown): Promise<IteratorResult<ExecutionResult, undefined>> {
    await this.iterator.return?.();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
