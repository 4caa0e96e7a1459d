/** How a failed batch is retried. */
export interface RetryPolicy {
  /** Attempts per batch, the first included. Default 3. */
  maxAttempts: number;
  /** Delay before the first retry; doubles each time. Default 1000 ms. */
  baseDelayMs: number;
  /** Upper bound of one delay (also caps a server's retry-after hint). Default 30 000 ms. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY = { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 30_000 } satisfies RetryPolicy;

/**
 * The wait before retry number `retry` (1 = the first retry): exponential with "equal jitter"
 * (half fixed, half random, so retries of many clients spread out but never fire at once), or the
 * server's retry-after hint when it asks for longer.
 */
export function retryDelay(policy: RetryPolicy, retry: number, retryAfterMs?: number, random = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  const jittered = exponential / 2 + random() * (exponential / 2);
  return Math.min(policy.maxDelayMs, Math.max(jittered, retryAfterMs ?? 0));
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
