import type { SQL } from 'drizzle-orm';
import type { AuditEventRow } from './audit-events-table.js';
import { selectList } from './select-list.js';

export type EventRow = Omit<AuditEventRow, 'eventData'> & { eventData: string };
export type EventColumn = keyof EventRow;

/**
 * How the raw read queries select each field of an {@link EventRow} (they embed in EXPLAIN, which
 * drizzle's builder cannot). Timestamps come back as text so their microseconds survive; bigints
 * as float8 so both drivers return numbers; eventData as text, to be sent on unparsed (see RawJson).
 */
const COLUMN_SQL: Record<EventColumn, string> = {
  eventId: 'event_id::text AS "eventId"',
  eventTimestamp: 'event_timestamp::text AS "eventTimestamp"',
  eventVersion: 'event_version AS "eventVersion"',
  eventType: 'event_type AS "eventType"',
  eventCategory: 'event_category AS "eventCategory"',
  eventAction: 'event_action AS "eventAction"',
  eventOutcome: 'event_outcome AS "eventOutcome"',
  actorType: 'actor_type AS "actorType"',
  actorId: 'actor_id AS "actorId"',
  actorIp: 'host(actor_ip) AS "actorIp"',
  resourceType: 'resource_type AS "resourceType"',
  resourceId: 'resource_id AS "resourceId"',
  resourceName: 'resource_name AS "resourceName"',
  correlationId: 'correlation_id AS "correlationId"',
  parentEventId: 'parent_event_id::text AS "parentEventId"',
  traceId: 'trace_id AS "traceId"',
  spanId: 'span_id AS "spanId"',
  namespace: 'namespace',
  clusterId: 'cluster_id AS "clusterId"',
  eventData: 'event_data::text AS "eventData"',
  eventDataDigest: 'event_data_digest AS "eventDataDigest"',
  severity: 'severity',
  durationMs: 'duration_ms AS "durationMs"',
  errorCode: 'error_code AS "errorCode"',
  errorMessage: 'error_message AS "errorMessage"',
  retentionDays: 'retention_days AS "retentionDays"',
  isSensitive: 'is_sensitive AS "isSensitive"',
  legalHold: 'legal_hold AS "legalHold"',
  legalHoldReason: 'legal_hold_reason AS "legalHoldReason"',
  legalHoldPlacedBy: 'legal_hold_placed_by AS "legalHoldPlacedBy"',
  legalHoldPlacedAt: 'legal_hold_placed_at::text AS "legalHoldPlacedAt"',
  sequence: 'sequence::float8 AS "sequence"',
  previousEventHash: 'previous_event_hash AS "previousEventHash"',
  eventHash: 'event_hash AS "eventHash"',
  hashAlgorithm: 'hash_algorithm AS "hashAlgorithm"',
  recordedAt: 'recorded_at::text AS "recordedAt"',
};

/** Key columns, read whatever else is asked: cursors, loaders and the live hub key events by them. */
const EVENT_SELECT = selectList(COLUMN_SQL, ['eventId', 'eventTimestamp', 'correlationId', 'sequence']);

/** The select list that reads a whole event as an {@link EventRow}. */
export const EVENT_COLUMNS: SQL = EVENT_SELECT.all;

/** The select list for some columns of an event; null or absent selects every column. */
export const eventColumnsSql = (columns?: ReadonlySet<EventColumn> | null): SQL => EVENT_SELECT.of(columns);
