import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';

/*
 * Tables that drizzle-kit manages (see drizzle.config.ts). `audit_events` is partitioned, which
 * drizzle-kit cannot express: it is created by the custom migration 0000 and described for reads
 * in ./audit-events-table.ts.
 */

const instant = (name: string) => timestamp(name, { withTimezone: true, precision: 6, mode: 'string' });

/** One row per correlation: the head of its hash chain and the summary a timeline needs. */
export const auditChainHeads = pgTable(
  'audit_chain_heads',
  {
    correlationId: varchar('correlation_id', { length: 255 }).primaryKey(),
    lastSequence: bigint('last_sequence', { mode: 'number' }).notNull().default(0),
    lastHash: text('last_hash'),
    eventCount: bigint('event_count', { mode: 'number' }).notNull().default(0),
    successCount: bigint('success_count', { mode: 'number' }).notNull().default(0),
    failureCount: bigint('failure_count', { mode: 'number' }).notNull().default(0),
    pendingCount: bigint('pending_count', { mode: 'number' }).notNull().default(0),
    firstEventAt: instant('first_event_at'),
    lastEventAt: instant('last_event_at'),
    lastRecordedAt: instant('last_recorded_at'),
    /** Outcome of the event with the highest sequence (the last recorded). */
    lastOutcome: varchar('last_outcome', { length: 7 }),
    /** Every event_category seen in the correlation, sorted: the correlations filter by category. */
    categories: varchar('categories', { length: 50 })
      .array()
      .notNull()
      .default(sql`'{}'`),
  },
  (t) => [index('audit_chain_heads_last_event_at_idx').on(sql`${t.lastEventAt} DESC`, sql`${t.correlationId} DESC`)],
);

/**
 * API tokens for service accounts, issued and revoked by `npm run tokens`. Only a SHA-256 of the
 * token is stored (tokens are 256-bit random, so a slow hash adds nothing); `prefix` lets an
 * operator recognise one without the secret.
 */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey(),
    serviceAccount: varchar('service_account', { length: 255 }).notNull(),
    tokenHash: text('token_hash').notNull(),
    prefix: varchar('prefix', { length: 16 }).notNull(),
    scopes: text('scopes').array().notNull(),
    /** Per-account override of RATE_LIMIT_EVENTS_PER_SECOND / RATE_LIMIT_BURST. */
    eventsPerSecond: integer('events_per_second'),
    burst: integer('burst'),
    createdAt: instant('created_at').notNull().defaultNow(),
    expiresAt: instant('expires_at'),
    revokedAt: instant('revoked_at'),
  },
  (t) => [
    uniqueIndex('api_tokens_token_hash_idx').on(t.tokenHash),
    index('api_tokens_service_account_idx').on(t.serviceAccount),
  ],
);

/**
 * Counters of the per-account rate limit (auth/rate-limit.ts), in the shape rate-limiter-flexible's
 * RateLimiterDrizzle reads and writes: one row per account and window, shared by every replica.
 */
export const rateLimitWindows = pgTable('rate_limit_windows', {
  key: varchar('key', { length: 300 }).primaryKey(),
  points: integer('points').notNull(),
  expire: timestamp('expire', { withTimezone: true, precision: 3, mode: 'date' }),
});
