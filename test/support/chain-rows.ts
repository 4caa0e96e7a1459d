import { expect } from 'vitest';
import type { TestApp } from './test-app.js';

export interface ChainRow {
  event_id: string;
  sequence: number;
  previous_event_hash: string | null;
  event_hash: string;
}

/** A correlation's stored events as chain links, in sequence order. */
export const storedChain = (t: TestApp, correlationId: string) =>
  t.query<ChainRow>(
    `SELECT event_id, sequence::int AS sequence, previous_event_hash, event_hash FROM audit_events
     WHERE correlation_id = $1 ORDER BY sequence`,
    [correlationId],
  );

/** Sequences 1..length with no gap, each row linked to the hash of the one before. */
export function expectUnbrokenChain(rows: ChainRow[], length: number): void {
  expect(rows.map((r) => r.sequence)).toEqual(Array.from({ length }, (_, i) => i + 1));
  rows.forEach((row, i) => expect(row.previous_event_hash).toBe(i === 0 ? null : rows[i - 1]?.event_hash));
}
