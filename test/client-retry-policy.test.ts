import { describe, expect, it } from 'vitest';
import { retryDelay } from '../src/client/retry-policy.js';

const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1_000 };

describe('the retry delay', () => {
  it('doubles with each retry, half of it fixed and half random', () => {
    expect([1, 2, 3].map((retry) => retryDelay(policy, retry, undefined, () => 0))).toEqual([50, 100, 200]);
    expect([1, 2, 3].map((retry) => retryDelay(policy, retry, undefined, () => 1))).toEqual([100, 200, 400]);
  });

  it('never passes the maximum delay', () => {
    expect(retryDelay(policy, 10, undefined, () => 1)).toBe(1_000);
  });

  it('waits at least as long as the server asks, up to the maximum', () => {
    expect(retryDelay(policy, 1, 700, () => 0)).toBe(700);
    expect(retryDelay(policy, 1, 60_000, () => 0)).toBe(1_000);
    expect(retryDelay(policy, 3, 10, () => 1)).toBe(400);
  });
});
