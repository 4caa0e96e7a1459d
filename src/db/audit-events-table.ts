import {
  bigint,
  boolean,
  char,
  inet,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';

const instant = (name: string) => timestamp(name, { withTimezone: true, precision: 6, mode: 'string' });

/**
 * Read-side description of `audit_events`. The table itself (partitioned by month, indexes,
 * append-only triggers) is created by drizzle/0000_partitioned_audit_events.sql; keep the two alike.
 */
export const auditEvents = pgTable('audit_events', {
  eventId: uuid('event_id').notNull(),
  eventTimestamp: instant('event_timestamp').notNull(),
  eventVersion: varchar('event_version', { length: 10 }).notNull(),
  eventType: varchar('event_type', { length: 100 }).notNull(),
  eventCategory: varchar('event_category', { length: 50 }).notNull(),
  eventAction: varchar('event_action', { length: 50 }).notNull(),
  eventOutcome: varchar('event_outcome', { length: 7, enum: ['success', 'failure', 'pending'] }).notNull(),
  actorType: varchar('actor_type', { length: 50 }).notNull(),
  actorId: varchar('actor_id', { length: 255 }).notNull(),
  actorIp: inet('actor_ip'),
  resourceType: varchar('resource_type', { length: 100 }).notNull(),
  resourceId: varchar('resource_id', { length: 255 }).notNull(),
  resourceName: varchar('resource_name', { length: 255 }),
  correlationId: varchar('correlation_id', { length: 255 }).notNull(),
  parentEventId: uuid('parent_event_id'),
  traceId: varchar('trace_id', { length: 255 }),
  spanId: varchar('span_id', { length: 255 }),
  namespace: varchar('namespace', { length: 253 }),
  clusterId: varchar('cluster_id', { length: 255 }),
  eventData: jsonb('event_data').$type<Record<string, unknown>>().notNull(),
  eventDataDigest: char('event_data_digest', { length: 64 }).notNull(),
  severity: varchar('severity', { length: 20 }),
  durationMs: integer('duration_ms'),
  errorCode: varchar('error_code', { length: 50 }),
  errorMessage: text('error_message'),
  retentionDays: integer('retention_days').notNull(),
  isSensitive: boolean('is_sensitive').notNull(),
  legalHold: boolean('legal_hold').notNull(),
  legalHoldReason: text('legal_hold_reason'),
  legalHoldPlacedBy: varchar('legal_hold_placed_by', { length: 255 }),
  legalHoldPlacedAt: instant('legal_hold_placed_at'),
  sequence: bigint('sequence', { mode: 'number' }).notNull(),
  previousEventHash: char('previous_event_hash', { length: 64 }),
  eventHash: char('event_hash', { length: 64 }).notNull(),
  hashAlgorithm: varchar('hash_algorithm', { length: 16, enum: ['sha256', 'hmac-sha256'] }).notNull(),
  recordedAt: instant('recorded_at').notNull(),
});

export type AuditEventRow = typeof auditEvents.$inferSelect;
