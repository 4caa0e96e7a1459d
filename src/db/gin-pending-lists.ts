import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { GatewayMetrics } from '../observability/metrics.js';
import { type Database, rows } from './client.js';
import type { Partitions } from './partitions.js';

export interface GinCleaner {
  stop(): Promise<void>;
}

/**
 * Merges the pending lists of the payload (GIN) indexes of the partitions just written, off the
 * write path. With fastupdate each insert only appends its index entries to a pending list, and
 * the insert that finds the list full (256 kB, migration 0005) merges all of it into the index
 * before it commits: in the live bench a third of the 100-event inserts took 30-100 ms instead of
 * a few, and the batch acknowledgement's p99 was 118 ms. Cleaning the lists of written partitions
 * every `intervalMs` from the side keeps them short: inserts go on appending while a clean runs
 * (PostgreSQL lets one backend clean a list at a time and inserters skip it), so the merge leaves
 * the latency of the batches.
 */
export function startGinCleaner(
  db: Database,
  partitions: Partitions,
  intervalMs: number,
  logger: Logger,
  metrics: GatewayMetrics,
): GinCleaner {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  const clean = async () => {
    const written = partitions.takeWritten();
    if (written.length === 0) return;
    try {
      const merged = await rows<{ pages: number }>(
        db.orm,
        sql`SELECT gin_clean_pending_list(i.indexrelid::regclass)::float8 AS pages FROM pg_index i
            JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
            WHERE am.amname = 'gin'
              AND i.indrelid IN (SELECT to_regclass(name) FROM unnest(string_to_array(${written.join(',')}, ',')) name)`,
      );
      metrics.ginPendingPagesMerged.inc(merged.reduce((sum, row) => sum + row.pages, 0));
    } catch (error) {
      // Nothing is lost: a list left long is merged by the next insert that fills it, or by autovacuum.
      logger.warn({ err: error, partitions: written }, 'could not clean GIN pending lists');
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = clean().finally(schedule);
    }, intervalMs);
    timer.unref();
  };
  schedule();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
