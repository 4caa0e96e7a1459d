/**
 * Runs statements on one transaction as a pipeline: each step is started here, in order (a drizzle
 * query runs only once something awaits it, so each is resolved at once), postgres.js sends them
 * back to back and PGlite queues them, and every step reaches its driver the same number of
 * microtasks later, so they run in the order given. A step must start its statement when called: a
 * drizzle query, or an async function that awaits its statement first thing. Returns their
 * results, or throws the failure of the first step to fail in that order: the steps after it only
 * report the aborted transaction, and which rejection settled first is no guide.
 */
export async function pipelined<T extends readonly unknown[]>(
  steps: readonly [...{ [K in keyof T]: () => PromiseLike<T[K]> }],
): Promise<T> {
  const settled = await Promise.allSettled(steps.map((step) => Promise.resolve(step())));
  for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason;
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
