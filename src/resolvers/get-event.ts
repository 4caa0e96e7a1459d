import type { AuditEventRow } from '../db/audit-events-table.js';
import type { EventRow } from '../db/event-rows.js';
import { fromPgTimestamp } from '../events/timestamp.js';
import { RawJson } from '../output/raw-json.js';

/** A stored event with its timestamps in canonical ISO form (microseconds kept), its payload as sent by the database. */
export type StoredAuditEvent = Omit<AuditEventRow, 'eventData'> & { eventData: RawJson };

/**
 * A row as the API hands it on. A row read with only some columns (see selectedEventColumns)
 * converts just those; the fields its query selected are exactly the ones it holds.
 */
export function toStoredAuditEvent(row: EventRow): StoredAuditEvent {
  const event = { ...row, eventTimestamp: fromPgTimestamp(row.eventTimestamp) } as unknown as StoredAuditEvent;
  if (row.recordedAt !== undefined) event.recordedAt = fromPgTimestamp(row.recordedAt);
  if (row.legalHoldPlacedAt != null) event.legalHoldPlacedAt = fromPgTimestamp(row.legalHoldPlacedAt);
  if (row.eventData !== undefined) event.eventData = new RawJson(row.eventData);
  if (row.eventDataDigest !== undefined) event.eventDataDigest = row.eventDataDigest.trim();
  if (row.eventHash !== undefined) event.eventHash = row.eventHash.trim();
  if (row.previousEventHash != null) event.previousEventHash = row.previousEventHash.trim();
  return event;
}
