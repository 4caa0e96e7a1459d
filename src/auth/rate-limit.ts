import { sql } from 'drizzle-orm';
import { type Orm, rows } from '../db/client.js';
import { codedError, ErrorCode } from '../errors.js';
import type { Caller } from './caller.js';

export interface RateLimit {
  /** Sustained events per second. Default 500 (RATE_LIMIT_EVENTS_PER_SECOND). */
  eventsPerSecond: number;
  /** Bucket size: events a quiet account may send at once. Default 1000 (RATE_LIMIT_BURST). */
  burst: number;
}

export interface RateLimitRefusal {
  account: string;
  retryAfterSeconds: number;
}

/**
 * A token bucket per service account, kept in `rate_limit_buckets` so every replica draws on the
 * same budget. One statement refills by the time elapsed on the database clock and takes the
 * batch's events only if all fit, under the row lock of the upsert: the same on PostgreSQL and
 * PGlite, with no Redis to run. The local development caller is never limited.
 */
export class EventRateLimiter {
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

  /** Takes `count` events from the caller's bucket or throws RATE_LIMITED, taking nothing. */
  async take(caller: Caller, count: number): Promise<void> {
    if (caller.kind === 'local-dev' || count === 0) return;
    const account = `${caller.credential === 'jwt' ? caller.kind : 'service'}:${caller.id}`;
    const { eventsPerSecond: rate, burst } = this.limitFor(caller);
    const refill = sql`least(${burst}::float8, b.tokens + greatest(0, extract(epoch FROM clock_timestamp() - b.updated_at)) * ${rate}::float8)`;
    const [bucket] = await rows<{ tokens: number; granted: boolean }>(
      this.orm,
      sql`INSERT INTO rate_limit_buckets AS b (account, tokens, updated_at, granted)
          VALUES (${account}, CASE WHEN ${count}::float8 <= ${burst}::float8 THEN ${burst}::float8 - ${count}::float8 ELSE ${burst}::float8 END,
                  clock_timestamp(), ${count}::float8 <= ${burst}::float8)
          ON CONFLICT (account) DO UPDATE SET
            tokens = CASE WHEN ${refill} >= ${count}::float8 THEN ${refill} - ${count}::float8 ELSE ${refill} END,
            granted = ${refill} >= ${count}::float8,
            updated_at = greatest(b.updated_at, clock_timestamp())
          RETURNING tokens::float8 AS tokens, granted`,
    );
    if (!bucket || bucket.granted) return;
    const retryAfterSeconds = Math.max(1, Math.ceil((count - Number(bucket.tokens)) / rate));
    this.onRefused({ account: caller.id, retryAfterSeconds });
    throw codedError(
      ErrorCode.RateLimited,
      count > burst
        ? `a batch of ${count} events exceeds this account's burst of ${burst}; nothing was written, send smaller batches`
        : `rate limit of ${rate} events/s exceeded for "${caller.id}"; nothing was written, retry after ${retryAfterSeconds}s`,
      {
        retryAfter: retryAfterSeconds,
        limit: { eventsPerSecond: rate, burst },
        http: { status: 429, headers: { 'retry-after': String(retryAfterSeconds) } },
      },
    );
  }
}
