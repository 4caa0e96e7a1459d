import { type SQL, sql } from 'drizzle-orm';
import { type Runner, rows } from './client.js';

/*
 * The write path's SQL: each statement carries a whole batch as one JSON parameter, so a batch
 * costs one round trip per step however many events it holds (drizzle's insert builder costs
 * ~220 µs of CPU per row; see DESIGN.md).
 */

export const NOTIFY_CHANNEL = 'audit_events';

export interface ChainHead {
  correlationId: string;
  lastSequence: number;
  lastHash: string | null;
}

/** Creates the heads a batch's new correlations lack (empty: sequence 0, no hash). */
export async function createChainHeads(tx: Runner, sortedCorrelationIds: string[]): Promise<void> {
  await tx.execute(sql`
    INSERT INTO audit_chain_heads (correlation_id)
    SELECT value FROM json_array_elements_text(${JSON.stringify(sortedCorrelationIds)}::json) ORDER BY 1
    ON CONFLICT (correlation_id) DO NOTHING`);
}

/**
 * Row-locks every head of the batch in correlation order, so two batches sharing correlations
 * queue behind each other instead of deadlocking. The heads must exist (createChainHeads first).
 */
export async function lockChainHeads(tx: Runner, sortedCorrelationIds: string[]): Promise<Map<string, ChainHead>> {
  const heads = await rows<ChainHead>(
    tx,
    sql`SELECT correlation_id AS "correlationId", last_sequence::float8 AS "lastSequence", last_hash AS "lastHash"
        FROM audit_chain_heads
        WHERE correlation_id IN (SELECT value FROM json_array_elements_text(${JSON.stringify(sortedCorrelationIds)}::json))
        ORDER BY correlation_id
        FOR UPDATE`,
  );
  return new Map(heads.map((h) => [h.correlationId, h]));
}

/** The connection's statement timeout is the read timeout; a write transaction gets its own. */
export async function setWriteTimeout(tx: Runner, timeoutMs: number): Promise<void> {
  await tx.execute(sql`SELECT set_config('statement_timeout', ${String(timeoutMs)}, true)`);
}

/** A stored event, in the shape the chain's canonical content needs. */
export interface StoredEventRow {
  eventId: string;
  eventVersion: string;
  eventTimestamp: string;
  eventType: string;
  eventCategory: string;
  eventAction: string;
  eventOutcome: 'success' | 'failure' | 'pending';
  actorType: string;
  actorId: string;
  actorIp: string | null;
  resourceType: string;
  resourceId: string;
  resourceName: string | null;
  correlationId: string;
  parentEventId: string | null;
  traceId: string | null;
  spanId: string | null;
  namespace: string | null;
  clusterId: string | null;
  eventDataDigest: string;
  severity: string | null;
  durationMs: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  retentionDays: number;
  isSensitive: boolean;
  sequence: number;
}

/**
 * Events of this batch already stored (a client's retry), looked up by id within the whole UTC
 * months the batch writes to: `from` is the first instant of the first month, `until` that of the
 * month after the last. The bounds let PostgreSQL prune every other partition, and being whole
 * months they steer each id's probe to the primary key. A narrower window (the batch's own time
 * span) looks nearly empty to statistics that have not yet seen the newest rows, and the planner
 * then scans it through the timestamp index for every id: 5.7 ms for 100 ids in the live bench,
 * against 0.2 ms through the key, and at full ingest a minute of fresh events is hundreds of
 * thousands of rows (such a scan once held the write path to a third of its rate). OFFSET 0 keeps
 * the lateral subquery from being flattened into a join.
 */
export function storedEventsSql(ids: string[], from: string, until: string): SQL {
  return sql`SELECT event_id AS "eventId", event_version AS "eventVersion", event_timestamp::text AS "eventTimestamp",
          event_type AS "eventType", event_category AS "eventCategory", event_action AS "eventAction",
          event_outcome AS "eventOutcome", actor_type AS "actorType", actor_id AS "actorId",
          host(actor_ip) AS "actorIp", resource_type AS "resourceType", resource_id AS "resourceId",
          resource_name AS "resourceName", correlation_id AS "correlationId", parent_event_id AS "parentEventId",
          trace_id AS "traceId", span_id AS "spanId", namespace, cluster_id AS "clusterId",
          event_data_digest AS "eventDataDigest", severity, duration_ms AS "durationMs", error_code AS "errorCode",
          error_message AS "errorMessage", retention_days AS "retentionDays", is_sensitive AS "isSensitive",
          sequence::float8 AS "sequence"
        FROM json_array_elements_text(${JSON.stringify(ids)}::json) AS batch(id)
        CROSS JOIN LATERAL (
          SELECT * FROM audit_events
          WHERE event_id = batch.id::uuid AND event_timestamp >= ${from}::timestamptz AND event_timestamp < ${until}::timestamptz
          OFFSET 0) AS stored`;
}

export const findStoredEvents = (tx: Runner, ids: string[], from: string, until: string) =>
  rows<StoredEventRow>(tx, storedEventsSql(ids, from, until));

/** Which of these ids name a stored event (any time). */
export async function findExistingEventIds(runner: Runner, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const found = await rows<{ id: string }>(
    runner,
    sql`SELECT DISTINCT event_id::text AS id FROM audit_events
        WHERE event_id IN (SELECT value::uuid FROM json_array_elements_text(${JSON.stringify(ids)}::json))`,
  );
  return new Set(found.map((r) => r.id));
}

/** One row of `audit_events` as the insert's JSON carries it (snake_case column names). */
export interface EventRecord {
  event_id: string;
  event_timestamp: string;
  event_version: string;
  event_type: string;
  event_category: string;
  event_action: string;
  event_outcome: string;
  actor_type: string;
  actor_id: string;
  actor_ip: string | null;
  resource_type: string;
  resource_id: string;
  resource_name: string | null;
  correlation_id: string;
  parent_event_id: string | null;
  trace_id: string | null;
  span_id: string | null;
  namespace: string | null;
  cluster_id: string | null;
  /** The payload as JSON text, spliced into the statement's JSON unparsed. */
  event_data_json: string;
  event_data_digest: string;
  severity: string | null;
  duration_ms: number | null;
  error_code: string | null;
  error_message: string | null;
  retention_days: number;
  is_sensitive: boolean;
  sequence: number;
  previous_event_hash: string | null;
  event_hash: string;
  hash_algorithm: string;
}

/** The batch as one JSON array of rows, writing each payload's JSON text as it came. */
function recordsJson(records: EventRecord[]): string {
  let json = '[';
  for (let i = 0; i < records.length; i++) {
    const { event_data_json, ...columns } = records[i] as EventRecord;
    const row = JSON.stringify(columns);
    json += `${i ? ',' : ''}${row.slice(0, -1)},"event_data":${event_data_json}}`;
  }
  return `${json}]`;
}

export async function insertEvents(tx: Runner, records: EventRecord[]): Promise<void> {
  await tx.execute(sql`
    INSERT INTO audit_events (
      event_id, event_timestamp, event_version, event_type, event_category, event_action, event_outcome,
      actor_type, actor_id, actor_ip, resource_type, resource_id, resource_name, correlation_id,
      parent_event_id, trace_id, span_id, namespace, cluster_id, event_data, event_data_digest, severity,
      duration_ms, error_code, error_message, retention_days, is_sensitive, sequence, previous_event_hash,
      event_hash, hash_algorithm)
    SELECT
      event_id, event_timestamp, event_version, event_type, event_category, event_action, event_outcome,
      actor_type, actor_id, actor_ip, resource_type, resource_id, resource_name, correlation_id,
      parent_event_id, trace_id, span_id, namespace, cluster_id, event_data, event_data_digest, severity,
      duration_ms, error_code, error_message, retention_days, is_sensitive, sequence, previous_event_hash,
      event_hash, hash_algorithm
    FROM json_populate_recordset(NULL::audit_events, ${recordsJson(records)}::json)`);
}

export interface HeadAdvance {
  correlation_id: string;
  last_sequence: number;
  last_hash: string;
  added: number;
  success: number;
  failure: number;
  pending: number;
  first_event_at: string;
  last_event_at: string;
  /** Outcome of the batch's last event of this correlation. */
  last_outcome: string;
  /** Distinct categories of the batch's events of this correlation. */
  categories: string[];
}

export async function advanceChainHeads(tx: Runner, advances: HeadAdvance[]): Promise<void> {
  await tx.execute(sql`
    UPDATE audit_chain_heads h SET
      last_sequence = u.last_sequence,
      last_hash = u.last_hash,
      event_count = h.event_count + u.added,
      success_count = h.success_count + u.success,
      failure_count = h.failure_count + u.failure,
      pending_count = h.pending_count + u.pending,
      first_event_at = LEAST(h.first_event_at, u.first_event_at),
      last_event_at = GREATEST(h.last_event_at, u.last_event_at),
      last_recorded_at = now(),
      last_outcome = u.last_outcome,
      categories = ARRAY(
        SELECT DISTINCT c FROM unnest(h.categories || ARRAY(SELECT json_array_elements_text(u.categories))) AS c
        ORDER BY c)
    FROM json_to_recordset(${JSON.stringify(advances)}::json) AS u(
      correlation_id text, last_sequence bigint, last_hash text, added bigint, success bigint, failure bigint,
      pending bigint, first_event_at timestamptz, last_event_at timestamptz, last_outcome text, categories json)
    WHERE h.correlation_id = u.correlation_id`);
}

const NOTIFY_PAYLOAD_BYTES = 7_000;

/**
 * Announces `[correlationId, lastSequence]` pairs on commit, packed into as few NOTIFYs as fit
 * PostgreSQL's 8000-byte payload: one NOTIFY per row costs a server-wide lock per row at commit.
 */
export async function notifyChainHeads(tx: Runner, heads: Array<[string, number]>): Promise<void> {
  const payloads: string[] = [];
  let chunk: Array<[string, number]> = [];
  let size = 2;
  for (const head of heads) {
    const entry = JSON.stringify(head).length + 1;
    if (chunk.length > 0 && size + entry > NOTIFY_PAYLOAD_BYTES) {
      payloads.push(JSON.stringify(chunk));
      chunk = [];
      size = 2;
    }
    chunk.push(head);
    size += entry;
  }
  if (chunk.length > 0) payloads.push(JSON.stringify(chunk));
  await tx.execute(
    sql`SELECT pg_notify(${NOTIFY_CHANNEL}, value) FROM json_array_elements_text(${JSON.stringify(payloads)}::json)`,
  );
}
