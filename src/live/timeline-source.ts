import DataLoader from 'dataloader';
import { inArray } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { findTimelinesAfter, type TimelineRead } from '../db/correlation-queries.js';
import { NOTIFY_CHANNEL } from '../db/ingest-queries.js';
import { auditChainHeads } from '../db/tables.js';
import { type StoredAuditEvent, toStoredAuditEvent } from '../resolvers/get-event.js';

/** What the live hub needs from the store: the truth (reads) and the wake-ups (notifications). */
export interface TimelineSource {
  /** Events of one correlation with a sequence above `afterSequence`, in sequence order, at most `limit`. */
  readAfter(correlationId: string, afterSequence: number, limit: number): Promise<StoredAuditEvent[]>;
  /** The last committed sequence of each correlation that has one. */
  heads(correlationIds: readonly string[]): Promise<Map<string, number>>;
  /** Calls `onPayload` for every committed batch's `[[correlationId, lastSequence], …]` notification. */
  listen(onPayload: (payload: string) => void): Promise<() => Promise<void>>;
}

export function databaseTimelineSource(db: Database): TimelineSource {
  // A notification wakes every correlation a batch touched in the same tick: their reads are
  // gathered into one statement instead of one round trip each.
  const reads = new DataLoader<TimelineRead, StoredAuditEvent[]>(
    async (batch) => {
      const found = batch.map((): StoredAuditEvent[] => []);
      for (const row of await findTimelinesAfter(db.orm, batch)) {
        const { read, ...event } = row;
        found[read - 1]?.push(toStoredAuditEvent(event));
      }
      return found;
    },
    { cache: false, maxBatchSize: 500 },
  );
  return {
    readAfter: (correlationId, afterSequence, limit) => reads.load({ correlationId, afterSequence, limit }),
    async heads(correlationIds) {
      if (correlationIds.length === 0) return new Map();
      const rows = await db.orm
        .select({
          correlationId: auditChainHeads.correlationId,
          lastSequence: auditChainHeads.lastSequence,
        })
        .from(auditChainHeads)
        .where(inArray(auditChainHeads.correlationId, [...correlationIds]));
      return new Map(rows.map((r) => [r.correlationId, Number(r.lastSequence)]));
    },
    listen: (onPayload) => db.listen(NOTIFY_CHANNEL, onPayload),
  };
}
