import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import { auditEvents } from '../db/audit-events-table.js';
import type { Database } from '../db/client.js';
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
  return {
    async readAfter(correlationId, afterSequence, limit) {
      // Served by the (correlation_id, sequence) index of each partition, merged in order.
      const rows = await db.orm
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.correlationId, correlationId), gt(auditEvents.sequence, afterSequence)))
        .orderBy(asc(auditEvents.sequence))
        .limit(limit);
      return rows.map(toStoredAuditEvent);
    },
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
