import { type SQL, sql } from 'drizzle-orm';
import type { AuditEventRow } from './audit-events-table.js';

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

/** Read whatever else is asked: cursors, loaders and the live hub key events by these. */
export const KEY_COLUMNS: readonly EventColumn[] = ['eventId', 'eventTimestamp', 'correlationId', 'sequence'];

const ALL_COLUMNS = Object.keys(COLUMN_SQL) as EventColumn[];

/** The select list that reads a whole event as an {@link EventRow}. */
export const EVENT_COLUMNS: SQL = sql.raw(ALL_COLUMNS.map((c) => COLUMN_SQL[c]).join(', '));

/**
 * The select list for some columns of an event (the key columns always), in one fixed order so
 * that equal sets give one statement text; null selects every column.
 */
export function eventColumnsSql(columns: ReadonlySet<EventColumn> | null): SQL {
  if (columns === null) return EVENT_COLUMNS;
  const wanted = ALL_COLUMNS.filter((c) => columns.has(c) || KEY_COLUMNS.includes(c));
  return sql.raw(wanted.map((c) => COLUMN_SQL[c]).join(', '));
}
