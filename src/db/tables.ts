import { sql } from 'drizzle-orm';
import { bigint, index, pgTable, text, timestamp, varchar } from 'drizzle-orm/pg-core';

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
  },
  (t) => [index('audit_chain_heads_last_event_at_idx').on(sql`${t.lastEventAt} DESC`, sql`${t.correlationId} DESC`)],
);
