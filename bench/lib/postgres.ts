import os from 'node:os';
import postgres from 'postgres';
import { loadConfig } from '../../src/config.js';
import { createDb } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';

/** The server every section runs on; the bench only creates and uses databases of its own. */
export const SERVER_URL = 'postgres://postgres@127.0.0.1:5432';

export const databaseUrl = (name: string) => `${SERVER_URL}/${name}`;

export type Sql = postgres.Sql;

export function connect(name: string, max = 4): Sql {
  return postgres(databaseUrl(name), {
    max,
    onnotice: () => {},
    connection: { TimeZone: 'UTC', application_name: 'audit-bench' },
  });
}

/** Creates the database (and runs the gateway's migrations in it) unless it exists; true when created. */
export async function ensureBenchDatabase(name: string): Promise<boolean> {
  if (!/^audit_bench[a-z0-9_]*$/.test(name))
    throw new Error(`refusing to touch database ${name}: not a bench database`);
  const admin = postgres(databaseUrl('postgres'), { max: 1, onnotice: () => {} });
  let created = false;
  try {
    const [found] = await admin`SELECT 1 AS one FROM pg_database WHERE datname = ${name}`;
    if (!found) {
      await admin.unsafe(`CREATE DATABASE "${name}"`);
      created = true;
    }
  } finally {
    await admin.end({ timeout: 5 });
  }
  const config = loadConfig({ DATABASE_URL: databaseUrl(name), DATABASE_POOL_SIZE: '1', LOG_LEVEL: 'warn' });
  const db = await createDb(config);
  try {
    await migrate(config, db);
  } finally {
    await db.close();
  }
  return created;
}

export interface MachineFacts {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  loadAverage: number[];
  node: string;
  postgres: string;
  postgresSettings: Record<string, string>;
  platform: string;
}

export async function machineFacts(): Promise<MachineFacts> {
  const admin = postgres(databaseUrl('postgres'), { max: 1, onnotice: () => {} });
  try {
    const [{ version }] = (await admin`SELECT version()`) as unknown as [{ version: string }];
    const settings = await admin<{ name: string; setting: string; unit: string | null }[]>`
      SELECT name, setting, unit FROM pg_settings
      WHERE name IN ('shared_buffers', 'work_mem', 'maintenance_work_mem', 'max_wal_size', 'synchronous_commit',
                     'fsync', 'max_connections', 'effective_cache_size', 'jit')`;
    return {
      cores: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
      loadAverage: os.loadavg(),
      node: process.version,
      postgres: version,
      postgresSettings: Object.fromEntries(
        settings.map((s) => [s.name, s.unit ? `${s.setting} ${s.unit}` : s.setting]),
      ),
      platform: `${os.type()} ${os.release()} ${os.arch()}`,
    };
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/**
 * Lets the server settle after an earlier section's writes, before a section that measures
 * latency: a CHECKPOINT writes their dirty pages out now rather than during the measurement, and
 * autovacuum workers (which the ingest section's million rows wake) are waited for, up to
 * `maxWaitMs`. Returns what it waited for, for the log.
 */
export async function quiesce(maxWaitMs = 120_000): Promise<string> {
  const sql = connect('postgres', 1);
  try {
    const started = performance.now();
    await sql`CHECKPOINT`;
    const checkpointMs = performance.now() - started;
    let workers = 0;
    for (;;) {
      const [row] = await sql<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'`;
      workers = row?.n ?? 0;
      if (workers === 0 || performance.now() - started > maxWaitMs) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const waited = ((performance.now() - started) / 1000).toFixed(0);
    return `CHECKPOINT ${(checkpointMs / 1000).toFixed(1)} s; ${waited} s in all${workers > 0 ? `, ${workers} autovacuum worker(s) still running` : ', no autovacuum running'}`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}
