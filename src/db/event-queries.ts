import { type SQL, sql } from 'drizzle-orm';
import { type EventFilter, usesContainment, usesJsonb } from '../resolvers/event-filter.js';
import { type Runner, rows } from './client.js';
import { eventFilterSql, timeWindowSql } from './event-filter-sql.js';
import { literalLimit } from './page-limit.js';
import { EVENT_COLUMNS, type EventColumn, eventColumnsSql, type EventRow } from './event-rows.js';

/** A position in the `(event_timestamp, event_id)` order, timestamp in canonical ISO form. */
export interface EventKey {
  timestamp: string;
  eventId: string;
}

export interface EventPageQuery {
  filter: EventFilter;
  /** Scan direction: ascending or descending `(event_timestamp, event_id)`. */
  ascending: boolean;
  /** Rows strictly after this key in the scan direction. */
  from: EventKey | null;
  /** Rows strictly before this key in the scan direction. */
  to: EventKey | null;
  limit: number;
  /** Columns to read (the key columns always); every column when absent or null. */
  columns?: ReadonlySet<EventColumn> | null;
}

const key = (k: EventKey) => sql`(${k.timestamp}::timestamptz, ${k.eventId}::uuid)`;

function keysetBounds(q: EventPageQuery): SQL[] {
  const [past, before] = q.ascending ? ['>', '<'] : ['<', '>'];
  const bounds: SQL[] = [];
  if (q.from) bounds.push(sql`(event_timestamp, event_id) ${sql.raw(past)} ${key(q.from)}`);
  if (q.to) bounds.push(sql`(event_timestamp, event_id) ${sql.raw(before)} ${key(q.to)}`);
  return bounds;
}

const pageOrder = (q: EventPageQuery) => {
  const direction = sql.raw(q.ascending ? 'ASC' : 'DESC');
  return sql`ORDER BY event_timestamp ${direction}, event_id ${direction}`;
};

/**
 * One keyset page. Every time-ordered index ends in `(event_timestamp DESC, event_id DESC)`, so the
 * row comparison and the ORDER BY read an index in order, per partition, with no sort.
 */
export function eventPageSql(q: EventPageQuery): SQL {
  const where = [eventFilterSql(q.filter), ...keysetBounds(q)];
  // A payload filter's best plan depends on its values: a bound LIMIT keeps it on custom plans.
  const limit = usesJsonb(q.filter) ? sql`LIMIT ${q.limit}` : literalLimit(q.limit);
  return sql`SELECT ${eventColumnsSql(q.columns)} FROM audit_events
    WHERE ${sql.join(where, sql` AND `)}
    ${pageOrder(q)}
    ${limit}`;
}

/**
 * A page with a containment filter, first try: the filter over only the `scan` rows nearest the
 * page's start (within the top-level time window), read along the time index. When the payload
 * predicate is common this fills the page at once; any match it finds past fewer than `scan` rows
 * is exactly the page, because every row before it was looked at.
 *
 * The whole-row reference (`"wholeRowRead"`, computed for the page's rows only, dropped by
 * findEventPage) is there for the walk: with every column of the inner query in use, PostgreSQL
 * hands each walked row on as it is read; with some unused, it builds a new row of the others for
 * each of them (the bench's containment page, 4,700 rows walked: 5.1 against 3.9 ms a statement;
 * bench/README.md, "The containment page's first walk, whole rows").
 */
export function recentEventPageSql(q: EventPageQuery, scan: number): SQL {
  const window = [sql`TRUE`, ...keysetBounds(q), ...timeWindowSql(q.filter)];
  return sql`SELECT ${eventColumnsSql(q.columns)}, audit_events IS NULL AS "wholeRowRead" FROM (
      SELECT * FROM audit_events WHERE ${sql.join(window, sql` AND `)} ${pageOrder(q)} LIMIT ${scan}
    ) audit_events
    WHERE ${eventFilterSql(q.filter)}
    ${pageOrder(q)}
    LIMIT ${q.limit}`;
}

/**
 * A page with a containment filter, second try: every match of the window first (the inner fence
 * keeps the planner from walking the time index in order and filtering, which is slow when matches
 * are rare near the page's start), found through the GIN index, then the page sorted from them.
 * The select list is computed outside the sort, for the page's rows only: below it PostgreSQL
 * would render every match's payload as text before sorting (6,500 matches: 30-60 ms measured).
 */
export function matchingEventPageSql(q: EventPageQuery): SQL {
  const where = [eventFilterSql(q.filter), ...keysetBounds(q)];
  return sql`SELECT ${eventColumnsSql(q.columns)} FROM (
      SELECT * FROM (
        SELECT * FROM audit_events WHERE ${sql.join(where, sql` AND `)} OFFSET 0
      ) matches
      ${pageOrder(q)}
      LIMIT ${q.limit}
    ) audit_events
    ${pageOrder(q)}`;
}

/**
 * Rows a containment-filtered page looks through at its start before asking the GIN index for every
 * match. The walk stops as soon as the page is full, so this is what a rare predicate wastes: 8000
 * rows took 19-27 ms where 2000 took 4 ms, against 52 ms for the 6,122 matches of a predicate that
 * fills a page within 3,900 rows (bench/README.md, "The containment page's first walk").
 */
export const RECENT_SCAN_ROWS = 8000;

/**
 * One keyset page. A page with a containment filter is tried on its nearest rows first, then on
 * every match (see above). Path predicates alone keep the ordered walk: the containment they imply
 * ignores array positions, so the GIN index would hand over far more candidates than matches.
 */
export async function findEventPage(runner: Runner, q: EventPageQuery): Promise<EventRow[]> {
  if (!usesContainment(q.filter)) return rows<EventRow>(runner, eventPageSql(q));
  const scan = Math.max(RECENT_SCAN_ROWS, q.limit * 20);
  const recent = await rows<EventRow & { wholeRowRead: boolean }>(runner, recentEventPageSql(q, scan));
  if (recent.length >= q.limit) return recent.map(({ wholeRowRead: _, ...row }) => row);
  return rows<EventRow>(runner, matchingEventPageSql(q));
}

export async function countEvents(runner: Runner, filter: EventFilter): Promise<number> {
  const [row] = await rows<{ count: number }>(
    runner,
    sql`SELECT count(*)::float8 AS count FROM audit_events WHERE ${eventFilterSql(filter)}`,
  );
  return row?.count ?? 0;
}

// One text parameter split server-side: `= ANY(uuid[])` lets each partition probe its index.
const uuidArray = (ids: readonly string[]) => sql`string_to_array(${ids.join(',')}, ',')::uuid[]`;

/** Events by id, any time (one index probe per partition). */
export function findEventsByIds(runner: Runner, ids: readonly string[]): Promise<EventRow[]> {
  return rows<EventRow>(
    runner,
    sql`SELECT ${EVENT_COLUMNS} FROM audit_events
        WHERE event_id = ANY(${uuidArray(ids)})`,
  );
}

/** The first `perParent` children of each parent, in time order. */
export function findChildren(runner: Runner, parentIds: readonly string[], perParent: number): Promise<EventRow[]> {
  return rows<EventRow>(
    runner,
    sql`SELECT * FROM (
          SELECT ${EVENT_COLUMNS},
                 row_number() OVER (PARTITION BY parent_event_id ORDER BY event_timestamp, event_id) AS child_rank
          FROM audit_events
          WHERE parent_event_id = ANY(${uuidArray(parentIds)})
        ) children
        WHERE child_rank <= ${perParent}
        ORDER BY "parentEventId", child_rank`,
  );
}
