import { type SQL, sql } from 'drizzle-orm';
import { type Runner, rows } from './client.js';
import { literalLimit } from './page-limit.js';
import { selectList } from './select-list.js';
import { EVENT_COLUMNS, type EventColumn, eventColumnsSql, type EventRow } from './event-rows.js';

/** A chain head as the read side sees it; times in PostgreSQL's text form. */
export interface CorrelationRow {
  correlationId: string;
  eventCount: number;
  successCount: number;
  failureCount: number;
  pendingCount: number;
  firstEventAt: string;
  lastEventAt: string;
  lastSequence: number;
  lastOutcome: 'success' | 'failure' | 'pending' | null;
  categories: string[];
}

export type HeadColumn = keyof CorrelationRow;

const HEAD_COLUMN_SQL: Record<HeadColumn, string> = {
  correlationId: 'correlation_id AS "correlationId"',
  eventCount: 'event_count::float8 AS "eventCount"',
  successCount: 'success_count::float8 AS "successCount"',
  failureCount: 'failure_count::float8 AS "failureCount"',
  pendingCount: 'pending_count::float8 AS "pendingCount"',
  firstEventAt: 'first_event_at::text AS "firstEventAt"',
  lastEventAt: 'last_event_at::text AS "lastEventAt"',
  lastSequence: 'last_sequence::float8 AS "lastSequence"',
  lastOutcome: 'last_outcome AS "lastOutcome"',
  categories: 'array_to_json(categories) AS "categories"',
};

/** Every column a head row can carry. */
export const HEAD_COLUMN_NAMES = Object.keys(HEAD_COLUMN_SQL) as HeadColumn[];

/** Key columns, read whatever else is asked: cursors and loaders key heads by them. */
const HEAD_SELECT = selectList(HEAD_COLUMN_SQL, ['correlationId', 'lastEventAt']);
const HEAD_COLUMNS = HEAD_SELECT.all;

export function findHeads(runner: Runner, ids: readonly string[]): Promise<CorrelationRow[]> {
  return rows<CorrelationRow>(
    runner,
    sql`SELECT ${HEAD_COLUMNS} FROM audit_chain_heads
        WHERE correlation_id IN (SELECT value FROM json_array_elements_text(${JSON.stringify(ids)}::json))
          AND event_count > 0`,
  );
}

export interface HeadFilter {
  since: string | null;
  until: string | null;
  category: string | null;
  outcome: 'success' | 'failure' | 'pending' | null;
  lastOutcome: 'success' | 'failure' | 'pending' | null;
}

export interface ActivityKey {
  lastEventAt: string;
  correlationId: string;
}

export interface HeadPageQuery {
  filter: HeadFilter;
  /** Newest first unless reading backwards. */
  ascending: boolean;
  from: ActivityKey | null;
  to: ActivityKey | null;
  limit: number;
  /** Columns to read (the key columns always); every column when absent or null. */
  columns?: ReadonlySet<HeadColumn> | null;
}

const OUTCOME_COUNT = { success: 'success_count', failure: 'failure_count', pending: 'pending_count' } as const;
const activity = (k: ActivityKey) => sql`(${k.lastEventAt}::timestamptz, ${k.correlationId}::varchar)`;

/** Correlations by last activity, read in the order of audit_chain_heads_last_event_at_idx. */
export function headPageSql(q: HeadPageQuery): SQL {
  const f = q.filter;
  const where: SQL[] = [sql`last_event_at IS NOT NULL`];
  if (f.since) where.push(sql`last_event_at >= ${f.since}::timestamptz`);
  if (f.until) where.push(sql`last_event_at <= ${f.until}::timestamptz`);
  if (f.category) where.push(sql`${f.category}::text = ANY(categories)`);
  if (f.outcome) where.push(sql`${sql.raw(OUTCOME_COUNT[f.outcome])} > 0`);
  if (f.lastOutcome) where.push(sql`last_outcome = ${f.lastOutcome}`);
  const [past, before, direction] = q.ascending ? ['>', '<', 'ASC'] : ['<', '>', 'DESC'];
  if (q.from) where.push(sql`(last_event_at, correlation_id) ${sql.raw(past)} ${activity(q.from)}`);
  if (q.to) where.push(sql`(last_event_at, correlation_id) ${sql.raw(before)} ${activity(q.to)}`);
  return sql`SELECT ${HEAD_SELECT.of(q.columns)} FROM audit_chain_heads WHERE ${sql.join(where, sql` AND `)}
    ORDER BY last_event_at ${sql.raw(direction)}, correlation_id ${sql.raw(direction)} ${literalLimit(q.limit)}`;
}

export const findHeadPage = (runner: Runner, q: HeadPageQuery) => rows<CorrelationRow>(runner, headPageSql(q));

export interface TimelineQuery {
  correlationId: string;
  ascending: boolean;
  /** Sequences strictly past this one in the scan direction. */
  from: number | null;
  to: number | null;
  limit: number;
  /** Columns to read (the key columns always); every column when absent or null. */
  columns?: ReadonlySet<EventColumn> | null;
}

/** A correlation's events in sequence order, along audit_events_correlation_sequence_idx. */
export function timelineSql(q: TimelineQuery): SQL {
  const where: SQL[] = [sql`correlation_id = ${q.correlationId}`];
  const [past, before, direction] = q.ascending ? ['>', '<', 'ASC'] : ['<', '>', 'DESC'];
  if (q.from !== null) where.push(sql`sequence ${sql.raw(past)} ${q.from}`);
  if (q.to !== null) where.push(sql`sequence ${sql.raw(before)} ${q.to}`);
  // Qualified: a bare `sequence` would name the float8 output column and force a sort.
  return sql`SELECT ${eventColumnsSql(q.columns)} FROM audit_events WHERE ${sql.join(where, sql` AND `)}
    ORDER BY audit_events.sequence ${sql.raw(direction)} ${literalLimit(q.limit)}`;
}

export const findTimeline = (runner: Runner, q: TimelineQuery) => rows<EventRow>(runner, timelineSql(q));

/** The head's columns renamed `head.<name>`, so they can stand beside an event row's. */
const HEAD_PREFIX = 'head.';
const HEAD_AT_EVENT_SELECT = selectList(
  Object.fromEntries(
    HEAD_COLUMN_NAMES.map((c) => [c, HEAD_COLUMN_SQL[c].replace(/ AS "(\w+)"$/, ` AS "${HEAD_PREFIX}$1"`)]),
  ) as Record<HeadColumn, string>,
  ['correlationId', 'lastEventAt'],
);

/**
 * A correlation's head and one page of its timeline in one statement: the page's rows, each with
 * the head's columns beside it, or one row with no event when the page is empty; no row when the
 * correlation has no events. One read, one snapshot, where the head and the page apart cost two.
 */
export function headWithTimelineSql(q: TimelineQuery, headColumns?: ReadonlySet<HeadColumn> | null): SQL {
  return sql`SELECT ${HEAD_AT_EVENT_SELECT.of(headColumns)}, e.* FROM audit_chain_heads
    LEFT JOIN LATERAL (${timelineSql(q)}) e ON true
    WHERE correlation_id = ${q.correlationId} AND event_count > 0
    ORDER BY e."sequence" ${sql.raw(q.ascending ? 'ASC' : 'DESC')}`;
}

export async function findHeadWithTimeline(
  runner: Runner,
  q: TimelineQuery,
  headColumns?: ReadonlySet<HeadColumn> | null,
): Promise<{ head: CorrelationRow; events: EventRow[] } | null> {
  const found = await rows<Record<string, unknown>>(runner, headWithTimelineSql(q, headColumns));
  const first = found[0];
  if (!first) return null;
  const head: Record<string, unknown> = {};
  const eventKeys: string[] = [];
  for (const key of Object.keys(first)) {
    if (key.startsWith(HEAD_PREFIX)) head[key.slice(HEAD_PREFIX.length)] = first[key];
    else eventKeys.push(key);
  }
  const events: EventRow[] = [];
  for (const row of found) {
    if (row.eventId == null) continue;
    const event: Record<string, unknown> = {};
    for (const key of eventKeys) event[key] = row[key];
    events.push(event as unknown as EventRow);
  }
  return { head: head as unknown as CorrelationRow, events };
}

/** One correlation's events past a sequence, for a live wake-up. */
export interface TimelineRead {
  correlationId: string;
  afterSequence: number;
  limit: number;
}

/**
 * Many live reads in one statement: each correlation's events past its sequence, at most its
 * limit, along the (correlation_id, sequence) index. Rows carry `read`, the read's position.
 */
export function timelinesAfterSql(reads: readonly TimelineRead[]): SQL {
  const list = JSON.stringify(reads.map((r) => [r.correlationId, r.afterSequence, r.limit]));
  return sql`SELECT r.ord::int AS "read", e.* FROM json_array_elements(${list}::json) WITH ORDINALITY AS r(item, ord)
    CROSS JOIN LATERAL (
      SELECT ${EVENT_COLUMNS} FROM audit_events
      WHERE correlation_id = r.item->>0 AND audit_events.sequence > (r.item->>1)::bigint
      ORDER BY audit_events.sequence LIMIT (r.item->>2)::int
    ) e
    ORDER BY r.ord, e."sequence"`;
}

export const findTimelinesAfter = (runner: Runner, reads: readonly TimelineRead[]) =>
  rows<EventRow & { read: number }>(runner, timelinesAfterSql(reads));
