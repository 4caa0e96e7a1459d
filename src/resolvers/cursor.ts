import type { EventKey } from '../db/event-queries.js';
import { badFilter } from './event-filter.js';
import { UUID_PATTERN } from '../events/rules.js';
import { parseInstant } from '../events/timestamp.js';

/*
 * Cursors are opaque to clients: base64url of a tagged, versioned key. Decoding checks everything,
 * so a forged cursor is BAD_USER_INPUT, never a database error.
 */

const encode = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const decode = (cursor: string) => Buffer.from(cursor, 'base64url').toString('utf8');

export function eventCursor(key: EventKey): string {
  return encode(`e1|${key.timestamp}|${key.eventId}`);
}

export function parseEventCursor(argument: string, cursor: string): EventKey {
  const [tag, timestamp, eventId, ...rest] = decode(cursor).split('|');
  const instant = timestamp ? parseInstant(timestamp) : null;
  if (tag !== 'e1' || !instant || !eventId || !UUID_PATTERN.test(eventId) || rest.length > 0) {
    throw badFilter(argument, `${argument} is not a cursor of this connection`);
  }
  return { timestamp: instant.iso, eventId: eventId.toLowerCase() };
}

export function sequenceCursor(sequence: number): string {
  return encode(`s1|${sequence}`);
}

export function parseSequenceCursor(argument: string, cursor: string): number {
  const [tag, sequence, ...rest] = decode(cursor).split('|');
  const value = Number(sequence);
  if (tag !== 's1' || !/^\d{1,15}$/.test(sequence ?? '') || rest.length > 0) {
    throw badFilter(argument, `${argument} is not a cursor of this connection`);
  }
  return value;
}

/** A key over (time, text id): the order of the correlations listing. */
export function activityCursor(lastEventAt: string, correlationId: string): string {
  return encode(`c1|${lastEventAt}|${correlationId}`);
}

export function parseActivityCursor(argument: string, cursor: string): { lastEventAt: string; correlationId: string } {
  const text = decode(cursor);
  const [tag, lastEventAt] = text.split('|', 2);
  const instant = lastEventAt ? parseInstant(lastEventAt) : null;
  const correlationId = text.slice(`${tag}|${lastEventAt}|`.length);
  if (tag !== 'c1' || !instant || correlationId.length === 0 || correlationId.length > 255) {
    throw badFilter(argument, `${argument} is not a cursor of this connection`);
  }
  return { lastEventAt: instant.iso, correlationId };
}
