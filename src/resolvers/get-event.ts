import { eq } from 'drizzle-orm';
import { type AuditEventRow, auditEvents } from '../db/audit-events-table.js';
import type { Database } from '../db/client.js';
import { fromPgTimestamp } from '../events/timestamp.js';

/** A stored event with its timestamps in canonical ISO form (microseconds kept). */
export type StoredAuditEvent = AuditEventRow;

export function toStoredAuditEvent(row: AuditEventRow): StoredAuditEvent {
  return {
    ...row,
    eventTimestamp: fromPgTimestamp(row.eventTimestamp),
    recordedAt: fromPgTimestamp(row.recordedAt),
    legalHoldPlacedAt: row.legalHoldPlacedAt === null ? null : fromPgTimestamp(row.legalHoldPlacedAt),
    eventDataDigest: row.eventDataDigest.trim(),
    eventHash: row.eventHash.trim(),
    previousEventHash: row.previousEventHash?.trim() ?? null,
  };
}

export async function getEvent(db: Database, eventId: string): Promise<StoredAuditEvent | null> {
  const [row] = await db.orm.select().from(auditEvents).where(eq(auditEvents.eventId, eventId)).limit(1);
  return row ? toStoredAuditEvent(row) : null;
}
