import type { AuditEventRow } from '../db/audit-events-table.js';
import type { EventRow } from '../db/event-rows.js';
import { fromPgTimestamp } from '../events/timestamp.js';
import { RawJson } from '../output/raw-json.js';

/** A stored event with its timestamps in canonical ISO form (microseconds kept), its payload as sent by the database. */
export type StoredAuditEvent = Omit<AuditEventRow, 'eventData'> & { eventData: RawJson };

export function toStoredAuditEvent(row: EventRow): StoredAuditEvent {
  return {
    ...row,
    eventTimestamp: fromPgTimestamp(row.eventTimestamp),
    recordedAt: fromPgTimestamp(row.recordedAt),
    legalHoldPlacedAt: row.legalHoldPlacedAt === null ? null : fromPgTimestamp(row.legalHoldPlacedAt),
    eventData: new RawJson(row.eventData),
    eventDataDigest: row.eventDataDigest.trim(),
    eventHash: row.eventHash.trim(),
    previousEventHash: row.previousEventHash?.trim() ?? null,
  };
}
