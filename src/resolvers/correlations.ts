import {
  type CorrelationRow,
  findHeadPage,
  findHeads,
  findHeadWithTimeline,
  findTimeline,
  type HeadColumn,
  type HeadFilter,
  type TimelineQuery,
} from '../db/correlation-queries.js';
import type { EventColumn, EventRow } from '../db/event-rows.js';
import { withStatementTimeout } from '../db/read-transaction.js';
import { fromPgTimestamp } from '../events/timestamp.js';
import { activityCursor, parseActivityCursor, parseSequenceCursor, sequenceCursor } from './cursor.js';
import { parseTimeBound } from './event-filter.js';
import { type StoredAuditEvent, toStoredAuditEvent } from './get-event.js';
import type { ReadDeps } from './list-events.js';
import { type Page, type PageArgs, type PagePlan, planPage, toPage } from './page.js';
import type { TimelineLookahead } from './page-selection.js';

type Outcome = 'success' | 'failure' | 'pending';

/** One remediation's summary, read from its chain head. */
export interface CorrelationSummary extends Omit<CorrelationRow, 'firstEventAt' | 'lastEventAt'> {
  firstEventAt: string;
  lastEventAt: string;
}

/** A head as the API hands it on; a row read with only some columns converts just those. */
export const toCorrelationSummary = (row: CorrelationRow): CorrelationSummary => ({
  ...row,
  ...(row.firstEventAt === undefined ? {} : { firstEventAt: fromPgTimestamp(row.firstEventAt) }),
  lastEventAt: fromPgTimestamp(row.lastEventAt),
});

/** Summaries by correlation id, in the order asked (null where none), for a DataLoader. */
export async function loadCorrelations(
  deps: ReadDeps,
  ids: readonly string[],
): Promise<Array<CorrelationSummary | null>> {
  const found = await withStatementTimeout(deps.db, deps.queryTimeoutMs, (tx) => findHeads(tx, ids));
  const byId = new Map(found.map((row) => [row.correlationId, toCorrelationSummary(row)]));
  return ids.map((id) => byId.get(id) ?? null);
}

export interface CorrelationFilterInput {
  since?: string | null;
  until?: string | null;
  category?: string | null;
  outcome?: Outcome | null;
  lastOutcome?: Outcome | null;
}

/** Correlations by last activity, newest first: one keyset read of the chain heads. */
export async function listCorrelations(
  deps: ReadDeps,
  input: CorrelationFilterInput | null | undefined,
  args: PageArgs,
  columns: ReadonlySet<HeadColumn> | null = null,
): Promise<Page<CorrelationSummary>> {
  const filter: HeadFilter = {
    since: input?.since == null ? null : parseTimeBound('since', input.since),
    until: input?.until == null ? null : parseTimeBound('until', input.until),
    category: input?.category ?? null,
    outcome: input?.outcome ?? null,
    lastOutcome: input?.lastOutcome ?? null,
  };
  const plan = planPage(args);
  const after = args.after == null ? null : parseActivityCursor('after', args.after);
  const before = args.before == null ? null : parseActivityCursor('before', args.before);
  const rows =
    plan.size === 0
      ? []
      : await withStatementTimeout(deps.db, deps.queryTimeoutMs, (tx) =>
          findHeadPage(tx, {
            filter,
            ascending: plan.backward,
            from: plan.backward ? before : after,
            to: plan.backward ? after : before,
            limit: plan.size + 1,
            columns,
          }),
        );
  return toPage(rows.map(toCorrelationSummary), plan, args, (c) => activityCursor(c.lastEventAt, c.correlationId));
}

/** A correlation's events in sequence order (the order they were committed). */
export async function listTimeline(
  deps: ReadDeps,
  correlationId: string,
  args: PageArgs,
  columns: ReadonlySet<EventColumn> | null = null,
): Promise<Page<StoredAuditEvent>> {
  const { plan, query } = timelineQuery(correlationId, args, columns);
  const rows =
    plan.size === 0 ? [] : await withStatementTimeout(deps.db, deps.queryTimeoutMs, (tx) => findTimeline(tx, query));
  return timelinePage(rows, plan, args);
}

/** A summary that carries the page of its timeline the request asked for, read with it. */
export interface CorrelationWithTimeline extends CorrelationSummary {
  timeline?: { args: PageArgs; page: Page<StoredAuditEvent> };
}

/**
 * One correlation and the one page of its timeline that the request selects, in one statement
 * (see headWithTimelineSql); null when it has no events. Undefined when the page's arguments are
 * empty or wrong: the events field then reads it, or reports the error, the ordinary way.
 */
export async function findCorrelationWithTimeline(
  deps: ReadDeps,
  correlationId: string,
  lookahead: TimelineLookahead,
): Promise<CorrelationWithTimeline | null | undefined> {
  let planned: ReturnType<typeof timelineQuery>;
  try {
    planned = timelineQuery(correlationId, lookahead.args, lookahead.columns);
  } catch {
    return undefined;
  }
  const { plan, query } = planned;
  if (plan.size === 0) return undefined;
  const found = await withStatementTimeout(deps.db, deps.queryTimeoutMs, (tx) =>
    findHeadWithTimeline(tx, query, lookahead.headColumns),
  );
  if (!found) return null;
  return {
    ...toCorrelationSummary(found.head),
    timeline: { args: lookahead.args, page: timelinePage(found.events, plan, lookahead.args) },
  };
}

/** The page a summary already carries for these arguments, if it does. */
export function prefetchedTimeline(c: CorrelationWithTimeline, args: PageArgs): Page<StoredAuditEvent> | undefined {
  const given = c.timeline?.args;
  const same =
    given !== undefined &&
    (given.first ?? null) === (args.first ?? null) &&
    (given.last ?? null) === (args.last ?? null) &&
    (given.after ?? null) === (args.after ?? null) &&
    (given.before ?? null) === (args.before ?? null);
  return same ? c.timeline?.page : undefined;
}

function timelineQuery(
  correlationId: string,
  args: PageArgs,
  columns: ReadonlySet<EventColumn> | null,
): { plan: PagePlan; query: TimelineQuery } {
  const plan = planPage(args);
  const after = args.after == null ? null : parseSequenceCursor('after', args.after);
  const before = args.before == null ? null : parseSequenceCursor('before', args.before);
  return {
    plan,
    query: {
      correlationId,
      ascending: !plan.backward,
      from: plan.backward ? before : after,
      to: plan.backward ? after : before,
      limit: plan.size + 1,
      columns,
    },
  };
}

const timelinePage = (rows: EventRow[], plan: PagePlan, args: PageArgs) =>
  toPage(rows.map(toStoredAuditEvent), plan, args, (e) => sequenceCursor(e.sequence));
