import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { buildApp } from '../src/app.js';
import { issueToken } from '../src/auth/api-tokens.js';
import { loadConfig } from '../src/config.js';
import { makeEvent } from '../test/support/events.js';

/*
 * npx tsx bench/auth-overhead.ts [rounds]
 * The cost of access control on ingest and query throughput, in process (yoga.fetch), on the
 * engine the environment names (DATABASE_URL, else in-memory PGlite). Two gateways over one
 * database: local development mode (no credential: no lookup, no rate limit, no read audit) and
 * enforced mode with an API token (lookup cached, token bucket charged per batch, every query
 * audited). Metrics are on in both. Rounds alternate between the two so drift hits both alike.
 */

const rounds = Number(process.argv[2] ?? 6);
let base = loadConfig({ ...process.env, LOG_LEVEL: 'silent', PGLITE_DATA_DIR: 'memory://', PORT: '0' });
// On a server, a database of its own, dropped at the end: never the one DATABASE_URL names.
const scratch = `audit_bench_auth_${randomBytes(4).toString('hex')}`;
const admin = base.database.kind === 'postgres' ? postgres(base.database.url, { max: 1, onnotice: () => {} }) : null;
if (admin && base.database.kind === 'postgres') {
  await admin.unsafe(`CREATE DATABASE ${scratch}`);
  const url = new URL(base.database.url);
  url.pathname = `/${scratch}`;
  base = { ...base, database: { ...base.database, url: url.toString() } };
}
const open = await buildApp({ config: base });
await open.start();
const enforced = await buildApp({
  config: { ...base, auth: { ...base.auth, mode: 'enforced' } },
  db: base.database.kind === 'pglite' ? open.deps.db : undefined,
});
await enforced.start();
const { token } = await issueToken(open.deps.db.orm, {
  serviceAccount: 'bench',
  scopes: ['audit:write', 'audit:read'],
  eventsPerSecond: 10_000_000,
  burst: 10_000_000,
});

const RECORD = 'mutation($e: [AuditEventInput!]!) { recordAuditEvents(events: $e) { recordedCount } }';
const QUERY = '{ auditLimits { maxBatchSize } }';
const post = (app: typeof open, body: unknown, auth: boolean) =>
  app.yoga.fetch('http://bench/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

async function ingest(app: typeof open, auth: boolean, label: string): Promise<number> {
  const batches = 40;
  const started = performance.now();
  for (let i = 0; i < batches; i++) {
    const events = Array.from({ length: 100 }, (_, j) => makeEvent({ correlationId: `bench-${label}-${j % 10}` }));
    const res = await post(app, { query: RECORD, variables: { e: events } }, auth);
    if (!res.ok) throw new Error(`ingest failed: ${await res.text()}`);
  }
  return (batches * 100) / ((performance.now() - started) / 1000);
}

async function query(app: typeof open, auth: boolean): Promise<number> {
  const n = 1000;
  const started = performance.now();
  for (let i = 0; i < n; i++) await (await post(app, { query: QUERY }, auth)).text();
  return n / ((performance.now() - started) / 1000);
}

const results = {
  ingestOpen: [] as number[],
  ingestAuth: [] as number[],
  queryOpen: [] as number[],
  queryAuth: [] as number[],
};
// One discarded round each: JIT warm-up and first-touch costs.
await ingest(open, false, 'warm-o');
await ingest(enforced, true, 'warm-a');
await query(open, false);
await query(enforced, true);
for (let r = 0; r < rounds; r++) {
  results.ingestOpen.push(await ingest(open, false, `o${r}`));
  results.ingestAuth.push(await ingest(enforced, true, `a${r}`));
  results.queryOpen.push(await query(open, false));
  results.queryAuth.push(await query(enforced, true));
}
await enforced.deps.readAudit.flush();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const line = (name: string, a: number[], b: number[]) => {
  const off = median(a);
  const on = median(b);
  console.log(
    `${name.padEnd(28)} local-dev ${off.toFixed(0).padStart(7)}/s   enforced ${on.toFixed(0).padStart(7)}/s   cost ${(((off - on) / off) * 100).toFixed(1)}% (target < 5%)`,
  );
};
console.log(`engine ${base.database.kind}, ${rounds} alternating rounds, medians:`);
line('ingest (events, 100/batch)', results.ingestOpen, results.ingestAuth);
line('query (auditLimits)', results.queryOpen, results.queryAuth);
await enforced.stop();
await open.stop();
if (admin) {
  await admin.unsafe(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
  await admin.end();
}
