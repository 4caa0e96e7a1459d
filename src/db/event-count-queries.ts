import { type SQL, sql } from 'drizzle-orm';
import type { EventFilter } from '../resolvers/event-filter.js';
import { type Runner, rows } from './client.js';
import { eventFilterSql } from './event-filter-sql.js';

export type CountDimension = 'eventType' | 'category' | 'outcome' | 'actorId';
export type CountInterval = 'minute' | 'hour' | 'day';

const DIMENSION_COLUMNS: Record<CountDimension, string> = {
  eventType: 'event_type',
  category: 'event_category',
  outcome: 'event_outcome',
  actorId: 'actor_id',
};

export interface CountRow {
  bucket: string | null;
  eventType: string | null;
  category: string | null;
  outcome: 'success' | 'failure' | 'pending' | null;
  actorId: string | null;
  count: number;
}

/** Counts grouped by the chosen columns and, with an interval, by UTC time bucket. */
export function eventCountsSql(
  filter: EventFilter,
  groupBy: readonly CountDimension[],
  interval: CountInterval | null,
  limit: number,
): SQL {
  const bucket = interval ? sql`date_trunc(${interval}, event_timestamp, 'UTC')::text` : sql`NULL::text`;
  const dims = (Object.keys(DIMENSION_COLUMNS) as CountDimension[]).map((d) =>
    groupBy.includes(d) ? sql.raw(`${DIMENSION_COLUMNS[d]} AS "${d}"`) : sql.raw(`NULL::text AS "${d}"`),
  );
  const positions = [...(interval ? [1] : []), ...groupBy.map((d) => 2 + Object.keys(DIMENSION_COLUMNS).indexOf(d))];
  const grouping =
    positions.length > 0 ? sql.raw(`GROUP BY ${positions.join(', ')} ORDER BY ${positions.join(', ')}`) : sql``;
  return sql`SELECT ${bucket} AS bucket, ${sql.join(dims, sql`, `)}, count(*)::float8 AS count
    FROM audit_events WHERE ${eventFilterSql(filter)} ${grouping} LIMIT ${limit}`;
}

export const findEventCounts = (
  runner: Runner,
  filter: EventFilter,
  groupBy: readonly CountDimension[],
  interval: CountInterval | null,
  limit: number,
) => rows<CountRow>(runner, eventCountsSql(filter, groupBy, interval, limit));
