import type { Database } from '../db/client.js';
import { countEvents, type EventPageQuery, findEventPage } from '../db/event-queries.js';
import type { EventColumn } from '../db/event-rows.js';
import { withStatementTimeout } from '../db/read-transaction.js';
import { eventCursor, parseEventCursor } from './cursor.js';
import { type EventFilter, requireTimeWindowForJsonb } from './event-filter.js';
import { toStoredAuditEvent, type StoredAuditEvent } from './get-event.js';
import { type Page, type PageArgs, planPage, toPage } from './page.js';

export interface ReadDeps {
  db: Database;
  /** Per-statement timeout of every read, in milliseconds. */
  queryTimeoutMs: number;
}

export type EventOrder = 'TIMESTAMP_DESC' | 'TIMESTAMP_ASC';

export interface EventConnection extends Page<StoredAuditEvent> {
  /** Counts every match of the filter; only run when a client selects it. */
  totalCount: () => Promise<number>;
}

/**
 * One page of events matching a filter, by keyset over `(event_timestamp, event_id)`: a page is
 * positioned by its cursor's key, not an offset, so events recorded meanwhile never shift it.
 */
export async function listEvents(
  deps: ReadDeps,
  filter: EventFilter,
  order: EventOrder,
  args: PageArgs,
  columns: ReadonlySet<EventColumn> | null = null,
): Promise<EventConnection> {
  requireTimeWindowForJsonb(filter);
  const plan = planPage(args);
  const after = args.after == null ? null : parseEventCursor('after', args.after);
  const before = args.before == null ? null : parseEventCursor('before', args.before);
  const ascending = (order === 'TIMESTAMP_ASC') !== plan.backward;
  const query: EventPageQuery = {
    filter,
    ascending,
    from: plan.backward ? before : after,
    to: plan.backward ? after : before,
    limit: plan.size + 1,
    columns,
  };
  const rows =
    plan.size === 0 ? [] : await withStatementTimeout(deps.db, deps.queryTimeoutMs, (tx) => findEventPage(tx, query));
  const page = toPage(rows.map(toStoredAuditEvent), plan, args, (e) =>
    eventCursor({ timestamp: e.eventTimestamp, eventId: e.eventId }),
  );
  let total: Promise<number> | undefined;
  return {
    ...page,
    totalCount: () => (total ??= withStatementTimeout(deps.db, deps.queryTimeoutMs, (tx) => countEvents(tx, filter))),
  };
}
