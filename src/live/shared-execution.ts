import { createSourceEventStream, type DocumentNode, type ExecutionArgs, type ExecutionResult, execute } from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import type { Plugin } from 'graphql-yoga';
import { jitCanCompile } from '../compiled-operations.js';
import type { Context } from '../context.js';
import { type DirectDelivery, Subscriber } from './subscriber.js';

type Result = ExecutionResult | Promise<ExecutionResult>;

/**
 * A transport that can take a subscription's result at once, outside the stream (graphql-ws, per
 * subscription): false when it cannot now, and the result then goes through the stream as usual.
 */
export interface LiveOutput {
  write(result: ExecutionResult): boolean;
}

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
  /** Per document and operation name: the selection compiled by graphql-jit, or null where it cannot be. */
  const compiledByDocument = new WeakMap<DocumentNode, Map<string | null, CompiledQuery | null>>();

  // graphql-jit, not graphql-js' execute: in CPU profiles of the live bench at 10,000 subscribers,
  // running the selection over each event took 7.9% of the gateway's time with execute and 3.3%
  // with graphql-jit (one profiled run each).
  const compiledFor = (args: ExecutionArgs): CompiledQuery | null => {
    let byName = compiledByDocument.get(args.document);
    if (!byName) {
      byName = new Map();
      compiledByDocument.set(args.document, byName);
    }
    const name = args.operationName ?? null;
    let compiled = byName.get(name);
    if (compiled === undefined) {
      const made = jitCanCompile(args) ? compileQuery(args.schema, args.document, name ?? undefined) : null;
      compiled = made && isCompiledQuery(made) ? made : null;
      byName.set(name, compiled);
    }
    return compiled;
  };

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
        const output = (args.contextValue as Partial<Context> | undefined)?.liveOutput;
        const results = new SubscriptionResults(args, shapeOf(args), compiledFor(args), resultsByEvent, output);
        if (output && stream instanceof Subscriber) stream.direct = results;
        return new MappedStream(stream, results);
      });
    },
  };
}

/**
 * One subscription's side of the sharing: the result of an event for its shape (made by whichever
 * subscriber of that shape asks first), and the direct delivery to its transport. A class, so an
 * idle subscription holds one small object rather than closures and their scope.
 */
class SubscriptionResults implements DirectDelivery<unknown> {
  constructor(
    private readonly args: ExecutionArgs,
    private readonly shape: string,
    private readonly compiled: CompiledQuery | null,
    private readonly resultsByEvent: WeakMap<object, Map<string, Result>>,
    private readonly output: LiveOutput | undefined,
  ) {}

  resultOf(event: unknown): Result {
    if (typeof event !== 'object' || event === null) return this.run(event);
    let results = this.resultsByEvent.get(event);
    if (!results) {
      results = new Map();
      this.resultsByEvent.set(event, results);
    }
    let result = results.get(this.shape);
    if (!result) {
      result = this.run(event);
      results.set(this.shape, result);
    }
    return result;
  }

  /**
   * Only a finished result skips envelop's per-result hooks: those change results with errors
   * (masking) or end the stream (shutdown notice), and the output refuses results with errors.
   */
  deliver(event: unknown): boolean {
    const result = this.resultOf(event);
    return this.output !== undefined && !(result instanceof Promise) && this.output.write(result);
  }

  private run(event: unknown): Result {
    const { args, compiled } = this;
    return compiled
      ? (compiled.query(event, args.contextValue, args.variableValues as Record<string, unknown>) as Result)
      : execute({ ...args, rootValue: event });
  }
}

/**
 * Maps a stream, passing the consumer's return() through to the source (the hub's subscriber). A
 * class, so an idle subscription holds one small object rather than four closures and their scope.
 */
class MappedStream<T> implements AsyncGenerator<ExecutionResult, undefined, undefined> {
  private readonly iterator: AsyncIterator<T>;

  constructor(
    source: AsyncIterable<T>,
    private readonly results: SubscriptionResults,
  ) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  async next(): Promise<IteratorResult<ExecutionResult, undefined>> {
    const step = await this.iterator.next();
    if (step.done) return { done: true, value: undefined };
    // A shallow copy per subscriber: plugins that set fields on a result never touch another's.
    return { done: false, value: { ...(await this.results.resultOf(step.value)) } };
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
