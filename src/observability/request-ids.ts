import { isAsyncIterable, type Plugin } from 'graphql-yoga';

/** The header that carries a request's id, in the request (set by RequestTracker) and the answer. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * The request each noted error happened in. Yoga logs an unexpected error itself, when it masks it,
 * with no request at hand; pino's mixin (below) finds the request here by the logged error. An
 * AsyncLocalStorage scope used to name the request on every line, but on Node 20 it runs a hook for
 * every promise made while serving: 2-4% of a query's throughput (bench/README.md, "Request ids
 * without AsyncLocalStorage").
 */
const requestOfError = new WeakMap<object, string>();

/** The id RequestTracker gave the request (none for a graphql-ws operation). */
export const requestIdOf = (request: Request | undefined): string | undefined =>
  request?.headers.get(REQUEST_ID_HEADER) ?? undefined;

export function noteRequestOfError(error: unknown, request: Request | undefined): void {
  const id = requestIdOf(request);
  if (id && typeof error === 'object' && error !== null) requestOfError.set(error, id);
}

/** pino's mixin: a line that logs an error noted above names that error's request. */
export function requestLogFields(line: object): { requestId?: string } {
  const error = (line as { err?: unknown }).err;
  const requestId = typeof error === 'object' && error !== null ? requestOfError.get(error) : undefined;
  return requestId === undefined ? {} : { requestId };
}

/** What a plugin's onExecute may return (envelop's type, which graphql-yoga does not re-export). */
type ExecuteHooks = Exclude<ReturnType<NonNullable<Plugin['onExecute']>>, void | Promise<unknown>>;

/**
 * Notes the request of every error in an operation's result, before Yoga masks (and logs) the
 * unexpected ones: Yoga's masking runs after every plugin given to it.
 */
export function useRequestIdsOnErrors(): Plugin {
  // One hooks object for every operation: nothing is allocated per request.
  const hooks: ExecuteHooks = {
    onExecuteDone: ({ result, args }) => {
      if (isAsyncIterable(result) || !result.errors) return;
      const { request } = args.contextValue as { request?: Request };
      for (const error of result.errors) noteRequestOfError(error, request);
    },
  };
  return { onExecute: () => hooks };
}
