import type { AuditEventRow } from '../db/audit-events-table.js';
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
