import { type SQL, sql } from 'drizzle-orm';
import type { EventFilter } from '../resolvers/event-filter.js';
import { type Runner, rows } from './client.js';
import { eventFilterSql } from './event-filter-sql.js';
import { EVENT_COLUMNS, type EventRow } from './event-rows.js';

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
}

const key = (k: EventKey) => sql`(${k.timestamp}::timestamptz, ${k.eventId}::uuid)`;

/**
 * One keyset page. Every time-ordered index ends in `(event_timestamp DESC, event_id DESC)`, so the
 * row comparison and the ORDER BY read an index in order, per partition, with no sort.
 */
export function eventPageSql(q: EventPageQuery): SQL {
  const where = [eventFilterSql(q.filter)];
  const [past, before, direction] = q.ascending ? ['>', '<', 'ASC'] : ['<', '>', 'DESC'];
  if (q.from) where.push(sql`(event_timestamp, event_id) ${sql.raw(past)} ${key(q.from)}`);
  if (q.to) where.push(sql`(event_timestamp, event_id) ${sql.raw(before)} ${key(q.to)}`);
  return sql`SELECT ${EVENT_COLUMNS} FROM audit_events
    WHERE ${sql.join(where, sql` AND `)}
    ORDER BY event_timestamp ${sql.raw(direction)}, event_id ${sql.raw(direction)}
    LIMIT ${q.limit}`;
}

export const findEventPage = (runner: Runner, q: EventPageQuery) => rows<EventRow>(runner, eventPageSql(q));

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
