import { type SQL, sql } from 'drizzle-orm';
import type { AuditEventRow } from './audit-events-table.js';

/**
 * The select list that reads a whole event as an {@link AuditEventRow}, for the raw read queries
 * (they embed in EXPLAIN, which drizzle's builder cannot). Timestamps come back as text so their
 * microseconds survive; bigints as float8 so both drivers return numbers; eventData as text, to be
 * sent on unparsed (see RawJson).
 */
export const EVENT_COLUMNS: SQL = sql.raw(`
  event_id::text AS "eventId", event_timestamp::text AS "eventTimestamp", event_version AS "eventVersion",
  event_type AS "eventType", event_category AS "eventCategory", event_action AS "eventAction",
  event_outcome AS "eventOutcome", actor_type AS "actorType", actor_id AS "actorId", host(actor_ip) AS "actorIp",
  resource_type AS "resourceType", resource_id AS "resourceId", resource_name AS "resourceName",
  correlation_id AS "correlationId", parent_event_id::text AS "parentEventId", trace_id AS "traceId",
  span_id AS "spanId", namespace, cluster_id AS "clusterId", event_data::text AS "eventData",
  event_data_digest AS "eventDataDigest", severity, duration_ms AS "durationMs", error_code AS "errorCode",
  error_message AS "errorMessage", retention_days AS "retentionDays", is_sensitive AS "isSensitive",
  legal_hold AS "legalHold", legal_hold_reason AS "legalHoldReason", legal_hold_placed_by AS "legalHoldPlacedBy",
  legal_hold_placed_at::text AS "legalHoldPlacedAt", sequence::float8 AS "sequence",
  previous_event_hash AS "previousEventHash", event_hash AS "eventHash", hash_algorithm AS "hashAlgorithm",
  recorded_at::text AS "recordedAt"`);

export type EventRow = Omit<AuditEventRow, 'eventData'> & { eventData: string };
