import { loadConfig } from '../../src/config.js';
import { createDb, type Runner } from '../../src/db/client.js';
import { type LatencySummary, summarize } from './stats.js';

/** One read as a resolver issues it, on the runner given; resolves to the number of rows it read. */
export type SqlRead = (runner: Runner) => Promise<number>;

/**
 * A query's SQL alone at one client: the statement the gateway's resolver sends, built by the
 * gateway's own query functions and sent through its own database client (postgres.js, prepared
 * statements, the same connection settings), one after another, with no HTTP, GraphQL,
 * authentication or read audit in between. What is left of a 1-client figure once the gateway is
 * taken away: PostgreSQL, the driver and this machine.
 */
export async function sqlAloneLatency(
  databaseUrl: string,
  read: SqlRead,
  seconds: number,
  warmUpSeconds: number,
): Promise<LatencySummary & { rows: number }> {
  const config = loadConfig({ DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: '1', LOG_LEVEL: 'warn' });
  const db = await createDb(config);
  try {
    const warmUpEnd = performance.now() + warmUpSeconds * 1000;
    let rows = await read(db.orm);
    while (performance.now() < warmUpEnd) await read(db.orm);
    const latencies: number[] = [];
    const end = performance.now() + seconds * 1000;
    while (performance.now() < end || latencies.length < 20) {
      const t0 = performance.now();
      rows = await read(db.orm);
      latencies.push(performance.now() - t0);
    }
    return { ...summarize(latencies), rows };
  } finally {
    await db.close();
  }
}
