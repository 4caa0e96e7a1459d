import { AsyncLocalStorage } from 'node:async_hooks';

/** The request being served, for log lines written anywhere below it (pino's mixin reads it). */
export const requestScope = new AsyncLocalStorage<{ requestId: string }>();

/** Fields every log line gets: the request id while a request is being served. */
export const requestLogFields = (): { requestId?: string } => {
  const scope = requestScope.getStore();
  return scope ? { requestId: scope.requestId } : {};
};
