import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type BenchEvent, hex64, makeEvent, makeRand, makeRemediation, ROW_COLUMNS, toCopyLine } from './events.js';
import { connect, ensureBenchDatabase, type Sql } from './postgres.js';

/** Bump when the generated data changes shape, so stale bench databases are rebuilt. */
const DATA_VERSION = 'v2';
const DAY_MS = 86_400_000;

export interface PreloadSpec {
  database: string;
  rows: number;
  /** Monthly partitions, ending with the current month. */
  months: number;
  seed: number;
  /** Rebuild when writes of earlier runs have grown the table past this many rows (estimated). */
  maxRows?: number;
  /**
   * A database only read by the bench. Every credentialed read records an audit.log.viewed event
   * (issue 7), so each run would leave a few hundred thousand of them on top of the time order,
   * and payload filters walking newest-first would get slower run after run. On reuse they are
   * removed, so every run reads the data it loaded.
   */
  readOnly?: boolean;
}

export interface PreloadInfo {
  database: string;
  rows: number;
  correlations: number;
  months: number;
  /** Seconds spent loading in this run (0 when the data was already there). */
  loadSeconds: number;
  reused: boolean;
  /** audit.log.viewed events of earlier runs removed before this one (read-only databases). */
  viewsRemoved?: number;
}

interface Head {
  correlationId: string;
  lastSequence: number;
  lastHash: string;
  counts: { success: number; failure: number; pending: number };
  first: string;
  last: string;
}

const monthStart = (year: number, month: number) => Date.UTC(year, month, 1);
const partitionName = (ms: number) => {
  const d = new Date(ms);
  return `audit_events_${d.getUTCFullYear()}_${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
};
const pgTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '+00');

/**
 * Fills a bench database with `rows` events over `months` monthly partitions, once: a marker table
 * records a finished load, and a database without it (an interrupted load) is dropped and rebuilt.
 * Each month is COPYed into a plain table that is then attached as the partition, so PostgreSQL
 * builds its indexes in bulk instead of row by row.
 */
export async function preload(spec: PreloadSpec, log: (line: string) => void): Promise<PreloadInfo> {
  // Two bench runs at once must not both rebuild the same database: the second waits here.
  const lock = connect('postgres', 1);
  try {
    const [held] = await lock<
      { ok: boolean }[]
    >`SELECT pg_try_advisory_lock(hashtext(${`audit_bench:${spec.database}`})) AS ok`;
    if (!held?.ok) {
      log(`${spec.database}: another bench run is loading it; waiting`);
      await lock`SELECT pg_advisory_lock(hashtext(${`audit_bench:${spec.database}`}))`;
    }
    return await preloadLocked(spec, log);
  } finally {
    await lock.end({ timeout: 5 });
  }
}

async function preloadLocked(spec: PreloadSpec, log: (line: string) => void): Promise<PreloadInfo> {
  const wanted = `${DATA_VERSION}:${spec.rows}:${spec.months}:${spec.seed}`;
  await ensureBenchDatabase(spec.database);
  let sql = connect(spec.database, 2);
  try {
    const existing = await loadedMarker(sql);
    if (existing && !spec.readOnly) await analyzeGrownPartitions(sql, log, spec.database);
    const grown = existing?.value === wanted && spec.maxRows !== undefined && (await estimatedRows(sql)) > spec.maxRows;
    if (grown) log(`${spec.database}: earlier runs grew it past ${spec.maxRows?.toLocaleString('en-US')} events`);
    if (existing?.value === wanted && !grown) {
      const viewsRemoved = spec.readOnly ? await removeBenchViews(sql, log, spec.database) : undefined;
      return {
        database: spec.database,
        rows: spec.rows,
        correlations: existing.correlations,
        months: spec.months,
        loadSeconds: 0,
        reused: true,
        ...(viewsRemoved === undefined ? {} : { viewsRemoved }),
      };
    }
    log(
      `${spec.database}: ${existing ? `holds other data (${existing.value})` : 'not loaded yet'}; rebuilding it with ${spec.rows.toLocaleString('en-US')} events`,
    );
    await sql.end({ timeout: 5 });
    await recreate(spec.database);
    sql = connect(spec.database, 2);
    const started = performance.now();
    const correlations = await load(sql, spec, log);
    await sql`CREATE TABLE bench_meta (key text PRIMARY KEY, value text NOT NULL, correlations integer NOT NULL)`;
    await sql`INSERT INTO bench_meta VALUES ('preload', ${wanted}, ${correlations})`;
    const loadSeconds = (performance.now() - started) / 1000;
    log(`${spec.database}: loaded in ${loadSeconds.toFixed(0)} s`);
    return { database: spec.database, rows: spec.rows, correlations, months: spec.months, loadSeconds, reused: false };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * Deletes the audit.log.viewed events the bench's own reads recorded. The bench owns this database;
 * the append-only triggers are ordinary triggers, which the `replica` session role skips.
 */
async function removeBenchViews(sql: Sql, log: (line: string) => void, database: string): Promise<number> {
  const partitions = await sql.begin(async (tx) => {
    await tx`SET LOCAL session_replication_role = replica`;
    return tx<{ partition: string; removed: number }[]>`
      WITH gone AS (DELETE FROM audit_events WHERE event_type = 'audit.log.viewed' AND actor_id = 'bench' RETURNING tableoid)
      SELECT tableoid::regclass::text AS partition, count(*)::int AS removed FROM gone GROUP BY tableoid`;
  });
  // Only the partitions the views were in (the current month's, mostly) need their dead rows vacuumed.
  for (const { partition } of partitions) await sql.unsafe(`VACUUM (ANALYZE) ${partition}`);
  const removed = partitions.reduce((sum, p) => sum + p.removed, 0);
  if (removed > 0) {
    log(`${database}: removed ${removed.toLocaleString('en-US')} audit.log.viewed events of earlier bench reads`);
  }
  return removed;
}

/**
 * Analyzes the partitions earlier runs wrote to, as autovacuum would (this machine runs without
 * it): a partition whose statistics predate millions of rows misleads both the planner and the
 * size check above (on 2026-12-01 estimatedRows read about 1 million while December alone held 3.4).
 */
async function analyzeGrownPartitions(sql: Sql, log: (line: string) => void, database: string): Promise<void> {
  const grown = await sql<{ partition: string; changed: number }[]>`
    SELECT relname AS partition, n_mod_since_analyze::float8 AS changed FROM pg_stat_user_tables
    WHERE relname LIKE 'audit\_events\_%' AND n_mod_since_analyze > 50 + 0.1 * greatest(n_live_tup, 0)`;
  for (const { partition } of grown) await sql.unsafe(`ANALYZE "${partition}"`);
  if (grown.length > 0) {
    const changes = grown.map((g) => `${g.partition} (${g.changed.toLocaleString('en-US')} rows changed)`);
    log(`${database}: analyzed ${changes.join(', ')}`);
  }
}

async function loadedMarker(sql: Sql): Promise<{ value: string; correlations: number } | undefined> {
  const [table] = await sql`SELECT to_regclass('bench_meta') AS t`;
  if (!table?.t) return undefined;
  const [row] = await sql<{ value: string; correlations: number }[]>`
    SELECT value, correlations FROM bench_meta WHERE key = 'preload'`;
  return row;
}

/** Rows in audit_events by the planner's statistics (fast; exact enough to size a table). */
export async function estimatedRows(sql: Sql): Promise<number> {
  const [row] = await sql<{ n: number }[]>`
    SELECT coalesce(sum(greatest(c.reltuples, 0)), 0)::float8 AS n
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'audit_events'::regclass`;
  return row?.n ?? 0;
}

async function recreate(database: string): Promise<void> {
  const admin = connect('postgres', 1);
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  await ensureBenchDatabase(database);
}

async function load(sql: Sql, spec: PreloadSpec, log: (line: string) => void): Promise<number> {
  const rand = makeRand(spec.seed);
  const now = Date.now();
  const today = new Date(now);
  const heads: Head[] = [];
  // The events are spread evenly from the first month's start to a few minutes ago, as a live
  // system's would be: the current month holds only its share so far. An equal share per month put
  // a whole month's events into the current month's first minutes when loaded on its first day.
  const first = monthStart(today.getUTCFullYear(), today.getUTCMonth() - (spec.months - 1));
  const dataEnd = now - 5 * 60_000;
  let assigned = 0;
  for (let m = spec.months - 1; m >= 0; m--) {
    const from = monthStart(today.getUTCFullYear(), today.getUTCMonth() - m);
    const to = monthStart(today.getUTCFullYear(), today.getUTCMonth() - m + 1);
    const end = Math.min(to, dataEnd);
    const upTo = Math.round((spec.rows * Math.max(0, end - first)) / (dataEnd - first));
    const count = upTo - assigned;
    assigned = upTo;
    const name = partitionName(from);
    const t0 = performance.now();
    await sql.unsafe(`CREATE TABLE ${name} (LIKE audit_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
    const writable = await sql.unsafe(`COPY ${name} (${ROW_COLUMNS.join(', ')}) FROM STDIN`).writable();
    await pipeline(Readable.from(monthChunks(rand, from, end, count, heads, name)), writable);
    const copied = performance.now();
    await sql.begin(async (tx) => {
      await tx`SET LOCAL maintenance_work_mem = '512MB'`;
      await tx.unsafe(
        `ALTER TABLE audit_events ATTACH PARTITION ${name} FOR VALUES FROM ('${pgTime(from)}') TO ('${pgTime(to)}')`,
      );
      await tx.unsafe(
        `CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON ${name} FOR EACH STATEMENT EXECUTE FUNCTION audit_events_reject_change()`,
      );
      // As audit_ensure_partition does (migration 0005): a short pending list on the payload index.
      await tx.unsafe(`ALTER INDEX ${name}_event_data_idx SET (gin_pending_list_limit = 256)`);
    });
    log(
      `  ${name}: ${count.toLocaleString('en-US')} events, COPY ${((copied - t0) / 1000).toFixed(0)} s, indexes ${((performance.now() - copied) / 1000).toFixed(0)} s`,
    );
  }
  const headsWritable = await sql`
    COPY audit_chain_heads (correlation_id, last_sequence, last_hash, event_count, success_count, failure_count,
      pending_count, first_event_at, last_event_at, last_recorded_at) FROM STDIN`.writable();
  await pipeline(Readable.from(headChunks(heads)), headsWritable);
  const t0 = performance.now();
  await sql`VACUUM (ANALYZE) audit_events`;
  await sql`VACUUM (ANALYZE) audit_chain_heads`;
  log(
    `  vacuum analyze ${((performance.now() - t0) / 1000).toFixed(0)} s; ${heads.length.toLocaleString('en-US')} correlations`,
  );
  return heads.length;
}

/** The month's events in time order, a day at a time (a share by its length), as ~256 KB COPY chunks. */
function* monthChunks(
  rand: () => number,
  from: number,
  end: number,
  count: number,
  heads: Head[],
  tag: string,
): Generator<string> {
  const days = Math.max(1, Math.ceil((end - from) / DAY_MS));
  let emitted = 0;
  let serial = 0;
  let chunk = '';
  for (let d = 0; d < days && emitted < count; d++) {
    const dayFrom = from + d * DAY_MS;
    const dayEnd = Math.min(dayFrom + DAY_MS, end);
    const target = Math.round((count * (dayEnd - from)) / (end - from)) - emitted;
    const events: BenchEvent[] = [];
    const byCorrelation = new Map<string, Head>();
    while (events.length < target) {
      const size = Math.min(10 + Math.floor(rand() * 71), target - events.length);
      const remediation = makeRemediation(rand, `rr-${tag.slice(13)}-${serial++}`);
      let at = dayFrom + rand() * Math.max(1, dayEnd - dayFrom - 60_000);
      const head: Head = {
        correlationId: remediation.correlationId,
        lastSequence: 0,
        lastHash: '',
        counts: { success: 0, failure: 0, pending: 0 },
        first: '',
        last: '',
      };
      for (let step = 0; step < size; step++) {
        at = Math.min(at + 200 + rand() * 20_000, dayEnd - 1);
        events.push(makeEvent(rand, remediation, step, at));
      }
      heads.push(head);
      byCorrelation.set(head.correlationId, head);
    }
    events.sort((a, b) => (a.eventTimestamp < b.eventTimestamp ? -1 : a.eventTimestamp > b.eventTimestamp ? 1 : 0));
    for (const e of events) {
      const head = byCorrelation.get(e.correlationId) as Head;
      const hash = hex64(rand);
      const line = toCopyLine(e, {
        sequence: head.lastSequence + 1,
        previousHash: head.lastHash || null,
        hash,
        digest: hex64(rand),
      });
      head.lastSequence++;
      head.lastHash = hash;
      head.counts[e.eventOutcome]++;
      if (!head.first) head.first = e.eventTimestamp;
      head.last = e.eventTimestamp;
      chunk += line;
      if (chunk.length > 256 * 1024) {
        yield chunk;
        chunk = '';
      }
    }
    emitted += events.length;
  }
  if (chunk) yield chunk;
}

function* headChunks(heads: readonly Head[]): Generator<string> {
  let chunk = '';
  for (const h of heads) {
    chunk += `${[h.correlationId, h.lastSequence, h.lastHash, h.lastSequence, h.counts.success, h.counts.failure, h.counts.pending, h.first, h.last, h.last].join('\t')}\n`;
    if (chunk.length > 256 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/**
 * The database the writing sections share (ingest, live, client): at least a million events in
 * the full run, as issue 2 asks; rebuilt, when a section starts, once earlier writes have grown it
 * past one and a half million. The ingest section alone writes a million or more (1.6 million
 * on 2026-12-03), so the next writing section starts on a freshly built million, and the ingest
 * figures of successive runs stay comparable.
 */
export function ingestDatabase(quick: boolean): PreloadSpec {
  return quick
    ? { database: 'audit_bench_quick_ingest', rows: 30_000, months: 3, seed: 7, maxRows: 1_000_000 }
    : { database: 'audit_bench_ingest', rows: 1_000_000, months: 6, seed: 7, maxRows: 1_500_000 };
}
