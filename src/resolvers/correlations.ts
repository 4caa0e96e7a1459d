import {
  type CorrelationRow,
  findHeadPage,
  findHeads,
  findTimeline,
  type HeadColumn,
  type HeadFilter,
} from '../db/correlation-queries.js';
import type { EventColumn } from '../db/event-rows.js';
import { withStatementTimeout } from '../db/read-transaction.js';
import { fromPgTimestamp } from '../events/timestamp.js';
import { activityCursor, parseActivityCursor, parseSequenceCursor, sequenceCursor } from './cursor.js';
import { parseTimeBound } from './event-filter.js';
import { type StoredAuditEvent, toStoredAuditEvent } from './get-event.js';
import type { ReadDeps } from './list-events.js';
import { type Page, type PageArgs, planPage, toPage } from './page.js';

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
  const plan = planPage(args);
  const after = args.after == null ? null : parseSequenceCursor('after', args.after);
  const before = args.before == null ? null : parseSequenceCursor('before', args.before);
  const rows =
    plan.size === 0
      ? []
      : await withStatementTimeout(deps.db, deps.queryTimeoutMs, (tx) =>
          findTimeline(tx, {
            correlationId,
            ascending: !plan.backward,
            from: plan.backward ? before : after,
            to: plan.backward ? after : before,
            limit: plan.size + 1,
            columns,
          }),
        );
  return toPage(rows.map(toStoredAuditEvent), plan, args, (e) => sequenceCursor(e.sequence));
}
