import { lt } from 'drizzle-orm';
import { RateLimiterDrizzle, RateLimiterRes } from 'rate-limiter-flexible';
import type { Orm } from '../db/client.js';
import { rateLimitWindows } from '../db/tables.js';
import { codedError, ErrorCode } from '../errors.js';
import type { Caller } from './caller.js';

export interface RateLimit {
  /** Sustained events per second. Default 500 (RATE_LIMIT_EVENTS_PER_SECOND). */
  eventsPerSecond: number;
  /** Most events at once: the window's size. Default 1000 (RATE_LIMIT_BURST). */
  burst: number;
}

export interface RateLimitRefusal {
  account: string;
  retryAfterSeconds: number;
}

/**
 * Per-account limits on events, from rate-limiter-flexible: a fixed window of `burst` events every
 * `burst / eventsPerSecond` seconds (1,000 per 2 s by default), counted in `rate_limit_windows`
 * through RateLimiterDrizzle, so every replica draws on the same budget, on PostgreSQL and PGlite
 * alike, with no Redis to run. It has a token bucket's long-run rate and largest batch; unlike one,
 * it lets up to twice the burst through across a window's end. Windows are timed by each replica's
 * clock, which is fine for clocks kept by NTP. A refused batch counts against its window (the
 * library's way: a client that retries before the retry-after stays refused until the window
 * ends). The local development caller is never limited.
 */
export class EventRateLimiter {
  /** One limiter per distinct limit: accounts with the same limit share it. */
  private readonly limiters = new Map<string, RateLimiterDrizzle>();

  constructor(
    private readonly orm: Orm,
    private readonly defaults: RateLimit,
    private readonly onRefused: (refusal: RateLimitRefusal) => void = () => {},
  ) {}

  limitFor(caller: Caller): RateLimit {
    return {
      eventsPerSecond: caller.rateLimit?.eventsPerSecond ?? this.defaults.eventsPerSecond,
      burst: caller.rateLimit?.burst ?? this.defaults.burst,
    };
  }

  /** Charges `count` events to the caller's account or throws RATE_LIMITED; nothing is written then. */
  async take(caller: Caller, count: number): Promise<void> {
    if (caller.kind === 'local-dev' || count === 0) return;
    const limit = this.limitFor(caller);
    // No window could ever hold it: refused without charging the account.
    if (count > limit.burst) throw this.refusal(caller, limit, count, 1);
    const key = `${caller.credential === 'jwt' ? caller.kind : 'service'}:${caller.id}`;
    try {
      await this.limiterFor(limit).consume(key, count);
    } catch (refused) {
      if (!(refused instanceof RateLimiterRes)) throw refused;
      throw this.refusal(caller, limit, count, Math.max(1, Math.ceil(refused.msBeforeNext / 1000)));
    }
  }

  /** Deletes windows that ended over an hour ago (run with the periodic maintenance). */
  async deleteExpiredWindows(): Promise<void> {
    await this.orm.delete(rateLimitWindows).where(lt(rateLimitWindows.expire, new Date(Date.now() - 3_600_000)));
  }

  private limiterFor({ eventsPerSecond, burst }: RateLimit): RateLimiterDrizzle {
    const id = `${eventsPerSecond}/${burst}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      limiter = new RateLimiterDrizzle({
        storeClient: this.orm,
        schema: rateLimitWindows,
        // The library's own clean-up timer cannot be stopped with the app; see deleteExpiredWindows.
        clearExpiredByTimeout: false,
        keyPrefix: 'events',
        points: burst,
        duration: burst / eventsPerSecond,
      });
      this.limiters.set(id, limiter);
    }
    return limiter;
  }

  private refusal(caller: Caller, limit: RateLimit, count: number, retryAfterSeconds: number) {
    this.onRefused({ account: caller.id, retryAfterSeconds });
    return codedError(
      ErrorCode.RateLimited,
      count > limit.burst
        ? `a batch of ${count} events exceeds this account's burst of ${limit.burst}; nothing was written, send smaller batches`
        : `rate limit of ${limit.eventsPerSecond} events/s (burst ${limit.burst}) exceeded for "${caller.id}"; nothing was written, retry after ${retryAfterSeconds}s`,
      {
        retryAfter: retryAfterSeconds,
        limit,
        http: { status: 429, headers: { 'retry-after': String(retryAfterSeconds) } },
      },
    );
  }
}
