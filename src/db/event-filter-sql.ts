import { type SQL, sql } from 'drizzle-orm';
import type { EventColumn, EventFilter, PathPredicate } from '../resolvers/event-filter.js';

/*
 * Compiles an EventFilter into a WHERE condition over `audit_events`. Column names come from the
 * fixed map below; every value, path segment and pattern is a bound parameter.
 */

const COLUMNS: Record<EventColumn, SQL> = {
  eventId: sql.raw('event_id'),
  correlationId: sql.raw('correlation_id'),
  eventType: sql.raw('event_type'),
  eventCategory: sql.raw('event_category'),
  eventAction: sql.raw('event_action'),
  eventOutcome: sql.raw('event_outcome'),
  actorType: sql.raw('actor_type'),
  actorId: sql.raw('actor_id'),
  resourceType: sql.raw('resource_type'),
  resourceId: sql.raw('resource_id'),
  namespace: sql.raw('namespace'),
  clusterId: sql.raw('cluster_id'),
  severity: sql.raw('severity'),
  parentEventId: sql.raw('parent_event_id'),
};

const UUID_COLUMNS = new Set<EventColumn>(['eventId', 'parentEventId']);

const and = (parts: SQL[]): SQL => (parts.length === 0 ? sql`TRUE` : sql.join(parts, sql` AND `));

function columnCondition(column: EventColumn, values: string[]): SQL {
  const cast = UUID_COLUMNS.has(column) ? sql`::uuid` : sql``;
  const params = values.map((v) => sql`${v}${cast}`);
  if (params.length === 1) return sql`${COLUMNS[column]} = ${params[0]}`;
  return sql`${COLUMNS[column]} IN (${sql.join(params, sql`, `)})`;
}

/** The nested object a path equality implies, e.g. a.b[0] = 1 → {"a":{"b":[1]}}. */
function impliedContainment(segments: string[], value: unknown): unknown {
  return segments.reduceRight<unknown>(
    (inner, segment) => (/^\d+$/.test(segment) ? [inner] : { [segment]: inner }),
    value,
  );
}

const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;
const jsonType = (value: unknown) => (typeof value === 'number' ? 'number' : 'string');

const COMPARISONS = { gt: sql.raw('>'), gte: sql.raw('>='), lt: sql.raw('<'), lte: sql.raw('<=') } as const;

function pathCondition(p: PathPredicate): SQL {
  const path = sql`ARRAY[${sql.join(
    p.segments.map((s) => sql`${s}`),
    sql`, `,
  )}]::text[]`;
  const value = sql`(event_data #> ${path})`;
  switch (p.op) {
    case 'eq':
      // The containment is implied by the equality and lets the GIN index find the candidates.
      return sql`(event_data @> ${json(impliedContainment(p.segments, p.value))} AND ${value} = ${json(p.value)})`;
    case 'ne':
      return sql`${value} <> ${json(p.value)}`;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      // jsonb orders numbers numerically and strings as text; comparing only like with like.
      return sql`(jsonb_typeof(${value}) = ${jsonType(p.value)} AND ${value} ${COMPARISONS[p.op]} ${json(p.value)})`;
    case 'in':
      return sql`${value} IN (${sql.join(
        p.values.map((v) => json(v)),
        sql`, `,
      )})`;
    case 'exists':
      return p.exists ? sql`${value} IS NOT NULL` : sql`${value} IS NULL`;
    case 'like':
      return sql`(jsonb_typeof(${value}) = 'string' AND (event_data #>> ${path}) LIKE ${p.pattern})`;
  }
}

/** The filter's own time bounds (`since`, `until`), without its nested filters. */
export function timeWindowSql(filter: EventFilter): SQL[] {
  const bounds: SQL[] = [];
  if (filter.since !== null) bounds.push(sql`event_timestamp >= ${filter.since}::timestamptz`);
  if (filter.until !== null) bounds.push(sql`event_timestamp <= ${filter.until}::timestamptz`);
  return bounds;
}

/** The WHERE condition of a filter (TRUE when it is empty). */
export function eventFilterSql(filter: EventFilter): SQL {
  const parts: SQL[] = filter.columns.map(([column, values]) => columnCondition(column, values));
  if (filter.typePrefix !== null) parts.push(sql`starts_with(event_type, ${filter.typePrefix})`);
  parts.push(...timeWindowSql(filter));
  if (filter.dataContains !== null) parts.push(sql`event_data @> ${json(filter.dataContains)}`);
  for (const p of filter.dataPaths) parts.push(pathCondition(p));
  for (const f of filter.and) parts.push(sql`(${eventFilterSql(f)})`);
  if (filter.or.length > 0) {
    parts.push(
      sql`(${sql.join(
        filter.or.map((f) => sql`(${eventFilterSql(f)})`),
        sql` OR `,
      )})`,
    );
  }
  if (filter.not) parts.push(sql`NOT COALESCE((${eventFilterSql(filter.not)}), FALSE)`);
  return and(parts);
}
