import { type ExecutionResult, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode } from '../errors.js';

const isAsyncIterable = (value: unknown): value is AsyncIterable<ExecutionResult> =>
  typeof value === 'object' && value !== null && Symbol.asyncIterator in value;

/** Passes a stream through, adding one coded SHUTTING_DOWN result when it ends because the gateway stops. */
function withShutdownNotice(
  source: AsyncIterable<ExecutionResult>,
  stopping: () => boolean,
): AsyncIterableIterator<ExecutionResult> {
  const iterator = source[Symbol.asyncIterator]();
  let noticed = false;
  // A plain iterator rather than an async generator: return() must reach the source at once, even
  // while it waits for the next event, or a client that leaves would hold its subscription open.
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      const step = await iterator.next();
      if (!step.done || noticed || !stopping()) return step;
      noticed = true;
      const notice = new GraphQLError(
        'the gateway is shutting down; resubscribe with afterSequence set to the last sequence received',
        {
          extensions: { code: ErrorCode.ShuttingDown },
        },
      );
      return { done: false, value: { errors: [notice] } };
    },
    return: (value?: unknown) =>
      iterator.return ? iterator.return(value) : Promise.resolve({ done: true as const, value: undefined }),
    throw: (error?: unknown) => (iterator.throw ? iterator.throw(error) : Promise.reject(error)),
  };
}

/**
 * Subscriptions that end because the gateway is stopping end with a coded reason (SSE and any
 * other transport that delivers results; graphql-ws sockets are also closed with 1012), so clients
 * resume on another replica from their last sequence.
 */
export function useShutdownNotice(stopping: () => boolean): Plugin {
  return {
    onSubscribe: () => ({
      onSubscribeResult: ({ result, setResult }) => {
        if (isAsyncIterable(result)) setResult(withShutdownNotice(result, stopping));
      },
    }),
  };
}
