import { type ExecutionResult, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode } from '../errors.js';

type SubscribeHooks = Exclude<Awaited<ReturnType<NonNullable<Plugin['onSubscribe']>>>, void>;

const isAsyncIterable = (value: unknown): value is AsyncIterable<ExecutionResult> =>
  typeof value === 'object' && value !== null && Symbol.asyncIterator in value;

/**
 * Passes a stream through, adding one coded SHUTTING_DOWN result when it ends because the gateway
 * stops. A plain iterator rather than an async generator: return() must reach the source at once,
 * even while it waits for the next event, or a client that leaves would hold its subscription open.
 * A class, so an idle subscription holds one small object rather than four closures and their scope.
 */
class ShutdownNoticeStream implements AsyncIterableIterator<ExecutionResult> {
  private readonly iterator: AsyncIterator<ExecutionResult>;
  private noticed = false;

  constructor(
    source: AsyncIterable<ExecutionResult>,
    private readonly stopping: () => boolean,
  ) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<ExecutionResult>> {
    const step = await this.iterator.next();
    if (!step.done || this.noticed || !this.stopping()) return step;
    this.noticed = true;
    const notice = new GraphQLError(
      'the gateway is shutting down; resubscribe with afterSequence set to the last sequence received',
      { extensions: { code: ErrorCode.ShuttingDown } },
    );
    return { done: false, value: { errors: [notice] } };
  }

  return(value?: unknown): Promise<IteratorResult<ExecutionResult>> {
    return this.iterator.return ? this.iterator.return(value) : Promise.resolve({ done: true, value: undefined });
  }

  throw(error?: unknown): Promise<IteratorResult<ExecutionResult>> {
    return this.iterator.throw ? this.iterator.throw(error) : Promise.reject(error);
  }
}

/**
 * Subscriptions that end because the gateway is stopping end with a coded reason (SSE and any
 * other transport that delivers results; graphql-ws sockets are also closed with 1012), so clients
 * resume on another replica from their last sequence.
 */
export function useShutdownNotice(stopping: () => boolean): Plugin {
  // One hooks object for every subscription (each keeps its hooks for as long as it is open).
  const hooks: SubscribeHooks = {
    onSubscribeResult: ({ result, setResult }) => {
      if (isAsyncIterable(result)) setResult(new ShutdownNoticeStream(result, stopping));
    },
  };
  return { onSubscribe: () => hooks };
}
