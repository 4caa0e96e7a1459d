import { sql } from 'drizzle-orm';
import { type Database, rows } from './client.js';

/** `audit_events_YYYY_MM` for the UTC month of a canonical ISO timestamp. */
export const partitionName = (isoTimestamp: string) =>
  `audit_events_${isoTimestamp.slice(0, 4)}_${isoTimestamp.slice(5, 7)}`;

function monthStart(year: number, monthIndex: number): string {
  return new Date(Date.UTC(year, monthIndex, 1)).toISOString();
}

/** The first instant of the UTC month holding a canonical ISO timestamp, or of the month `ahead` of it. */
export const utcMonthStart = (isoTimestamp: string, ahead = 0) =>
  monthStart(Number(isoTimestamp.slice(0, 4)), Number(isoTimestamp.slice(5, 7)) - 1 + ahead);

/**
 * Keeps monthly partitions ahead of the writers. Known partitions are cached, so the write path
 * asks the database only for a month it has not seen; creation is idempotent and serialised in
 * the database (audit_ensure_partition), so replicas may race safely.
 */
export class Partitions {
  private readonly known = new Set<string>();
  private written = new Set<string>();

  constructor(private readonly db: Database) {}

  async load(): Promise<void> {
    const found = await rows<{ name: string }>(
      this.db.orm,
      sql`SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
          WHERE i.inhparent = 'audit_events'::regclass`,
    );
    for (const { name } of found) this.known.add(name);
  }

  /** Makes sure every month holding one of these canonical timestamps has its partition. */
  async ensureFor(isoTimestamps: Iterable<string>): Promise<void> {
    const missing = new Map<string, string>();
    for (const ts of isoTimestamps) {
      const name = partitionName(ts);
      if (!this.known.has(name) && !missing.has(name)) missing.set(name, ts);
    }
    for (const [name, ts] of missing) {
      // Each in its own short transaction, outside any batch: creating a partition locks the parent.
      await this.db.orm.execute(sql`SELECT audit_ensure_partition(${ts}::timestamptz)`);
      this.known.add(name);
    }
  }

  /** Ensures the current month and the next `monthsAhead` exist. */
  async ensureAhead(monthsAhead: number, now = new Date()): Promise<void> {
    const months: string[] = [];
    for (let i = 0; i <= monthsAhead; i++) months.push(monthStart(now.getUTCFullYear(), now.getUTCMonth() + i));
    await this.ensureFor(months);
  }

  /** Notes the partitions of a committed batch's events, for the pending-list cleaner. */
  noteWritten(isoTimestamps: Iterable<string>): void {
    for (const ts of isoTimestamps) this.written.add(partitionName(ts));
  }

  /** Notes partitions that another writer of this process (the read audit's worker thread) wrote to. */
  noteWrittenPartitions(names: Iterable<string>): void {
    for (const name of names) this.written.add(name);
  }

  /** The partitions committed batches wrote to since the last call. */
  takeWritten(): string[] {
    const names = [...this.written];
    this.written = new Set();
    return names;
  }

  /** How many whole months past the current one are covered without a gap (for metrics, readiness). */
  monthsAhead(now = new Date()): number {
    let ahead = -1;
    while (this.known.has(partitionName(monthStart(now.getUTCFullYear(), now.getUTCMonth() + ahead + 1)))) ahead++;
    return ahead;
  }
}
