import { type CountDimension, type CountInterval, findEventCounts } from '../db/event-count-queries.js';
import { withStatementTimeout } from '../db/read-transaction.js';
import { fromPgTimestamp } from '../events/timestamp.js';
import { badFilter, type EventFilter, requireTimeWindowForJsonb } from './event-filter.js';
import type { ReadDeps } from './list-events.js';

export type { CountDimension, CountInterval };

/** Most buckets one call returns; a finer interval or a narrower window is needed past it. */
export const MAX_BUCKETS = 10_000;

export interface EventCount {
  /** Start of the UTC bucket, when an interval was asked for. */
  bucket: string | null;
  eventType: string | null;
  category: string | null;
  outcome: 'success' | 'failure' | 'pending' | null;
  actorId: string | null;
  count: number;
}

/** Event counts for charts: grouped by any of type, category, outcome and actor, and by time bucket. */
export async function countEventsBy(
  deps: ReadDeps,
  filter: EventFilter,
  groupBy: readonly CountDimension[],
  interval: CountInterval | null,
): Promise<EventCount[]> {
  requireTimeWindowForJsonb(filter);
  const dimensions = [...new Set(groupBy)];
  const rows = await withStatementTimeout(deps.db, deps.queryTimeoutMs, (tx) =>
    findEventCounts(tx, filter, dimensions, interval, MAX_BUCKETS + 1),
  );
  if (rows.length > MAX_BUCKETS) {
    throw badFilter('interval', `more than ${MAX_BUCKETS} buckets: narrow the time window or widen the interval`);
  }
  return rows.map((row) => ({ ...row, bucket: row.bucket === null ? null : fromPgTimestamp(row.bucket) }));
}
