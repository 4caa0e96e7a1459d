import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { type Database, rows } from '../db/client.js';
import type { Partitions } from '../db/partitions.js';
import type { GatewayMetrics } from './metrics.js';

const journal = fileURLToPath(new URL('../../drizzle/meta/_journal.json', import.meta.url));
const expectedMigrations = (JSON.parse(readFileSync(journal, 'utf8')) as { entries: unknown[] }).entries.length;

export interface OpsDeps {
  db: Database;
  partitions: Partitions;
  metrics: GatewayMetrics;
  /** The live hub, read at each scrape. */
  live?: { stats(): { subscribers: number; bufferedEvents: number } };
  /** True once shutdown began: readiness fails so the load balancer stops sending traffic. */
  stopping: () => boolean;
}

export interface Readiness {
  ready: boolean;
  checks: { database: string; migrations: string; partitions: string; shutdown: string };
}

/** Database reachable, every migration applied, the current and next month partitioned, not stopping. */
export async function readiness(deps: OpsDeps): Promise<Readiness> {
  const checks: Readiness['checks'] = { database: 'ok', migrations: 'ok', partitions: 'ok', shutdown: 'ok' };
  try {
    const [applied] = await rows<{ n: number }>(
      deps.db.orm,
      sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`,
    );
    const count = Number(applied?.n ?? 0);
    if (count < expectedMigrations) checks.migrations = `${count} of ${expectedMigrations} applied`;
  } catch (error) {
    checks.database = `unreachable: ${(error as Error).message}`;
    checks.migrations = 'unknown';
  }
  const ahead = deps.partitions.monthsAhead();
  if (ahead < 1) checks.partitions = `${Math.max(ahead, -1) + 1} month(s) partitioned from the current one; need 2`;
  if (deps.stopping()) checks.shutdown = 'shutting down';
  return { ready: Object.values(checks).every((c) => c === 'ok'), checks };
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

/**
 * Serves `/healthz` (the process answers), `/readyz` (see readiness) and `/metrics` (Prometheus
 * text; 404 when metrics are off). Returns false for any other path.
 */
export function serveOps(req: IncomingMessage, res: ServerResponse, deps: OpsDeps): boolean {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (path === '/healthz') {
    send(res, 200, 'application/json', JSON.stringify({ status: 'ok' }));
    return true;
  }
  if (path === '/readyz') {
    void readiness(deps).then(
      (r) => send(res, r.ready ? 200 : 503, 'application/json', JSON.stringify(r)),
      () => send(res, 503, 'application/json', JSON.stringify({ ready: false })),
    );
    return true;
  }
  if (path === '/metrics') {
    if (!deps.metrics.enabled) {
      send(res, 404, 'text/plain', 'metrics are off (METRICS=false)');
      return true;
    }
    deps.metrics.partitionsAhead.set(deps.partitions.monthsAhead());
    const live = deps.live?.stats();
    if (live) {
      deps.metrics.subscriptionsActive.set(live.subscribers);
      deps.metrics.subscriptionBuffered.set(live.bufferedEvents);
    }
    void deps.metrics.registry.metrics().then(
      (text) => send(res, 200, deps.metrics.registry.contentType, text),
      () => send(res, 500, 'text/plain', 'metrics unavailable'),
    );
    return true;
  }
  return false;
}
