import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config.js';
import { createDb } from '../../src/db/client.js';
import { processCpuSeconds } from './cpu.js';
import { sleep } from './stats.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The Node flags of `npm start` (package.json: `node <flags> --import tsx src/server.ts`), which the gateway runs with here too. */
const START_NODE_FLAGS: string[] = (() => {
  const start = (JSON.parse(readFileSync(`${REPO_ROOT}package.json`, 'utf8')) as { scripts: { start: string } }).scripts
    .start;
  const words = start.split(/\s+/);
  return words.slice(1, words.indexOf('--import'));
})();

export interface Child {
  name: string;
  url: string;
  /** Headers every request to it carries (the gateway's bearer token). */
  headers: Record<string, string>;
  /** How requests are authenticated, for the report. */
  auth: string;
  process: ChildProcess;
  /** Resident memory of the process, from /proc (bytes). */
  rssBytes(): number;
  /** CPU time the process has used, user + system, from /proc (seconds; all its threads, GC included). */
  cpuSeconds(): number;
  /** Memory after a full GC, for a process started with the memory probe (gateway only). */
  memoryAfterGc(): Promise<ProbedMemory>;
  stop(): Promise<void>;
}

export interface ProbedMemory {
  gc: boolean;
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

export interface StartOptions {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  port: number;
  /** Path to POST a trivial query to until the server answers. */
  readyQuery: string;
  headers?: Record<string, string>;
  auth?: string;
  timeoutMs?: number;
}

/** Starts a server as a child process and waits until it answers a GraphQL query. */
export async function startServer(options: StartOptions): Promise<Child> {
  const child = spawn(options.command, options.args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const probes: Array<(m: ProbedMemory) => void> = [];
  const keep = (chunk: Buffer) => {
    const text = chunk.toString();
    for (const match of text.matchAll(/^BENCH_MEMORY (.+)$/gm))
      probes.shift()?.(JSON.parse(match[1] as string) as ProbedMemory);
    output = (output + text).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: number | null = null;
  child.once('exit', (code) => {
    exited = code ?? -1;
  });
  const url = `http://127.0.0.1:${options.port}/graphql`;
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  for (;;) {
    if (exited !== null) throw new Error(`${options.name} exited with ${exited} before answering:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.name} did not answer within the time limit:\n${output}`);
    }
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...options.headers },
        body: JSON.stringify({ query: options.readyQuery }),
      });
      if (res.ok) {
        await res.text();
        break;
      }
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  return {
    name: options.name,
    url,
    headers: options.headers ?? {},
    auth: options.auth ?? 'none',
    process: child,
    rssBytes() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
      return kb ? Number(kb) * 1024 : Number.NaN;
    },
    cpuSeconds() {
      return processCpuSeconds(child.pid ?? -1);
    },
    memoryAfterGc() {
      return new Promise<ProbedMemory>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${options.name} did not answer the memory probe`)), 10_000);
        probes.push((m) => {
          clearTimeout(timer);
          resolve(m);
        });
        child.kill('SIGUSR2');
      });
    },
    async stop() {
      if (exited !== null) return;
      const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await done;
      clearTimeout(timer);
    },
  };
}

interface TokenModule {
  issueToken(
    orm: unknown,
    input: { serviceAccount: string; scopes: string[]; eventsPerSecond?: number | null; burst?: number | null },
  ): Promise<{ token: string }>;
}

/**
 * An API token for the bench's service account, issued in the bench database the way the gateway's
 * CLI issues one, with a budget high enough that the rate limit (still checked on every batch) never
 * refuses the load. Null when this version of the gateway has no API tokens.
 */
async function issueBenchToken(databaseUrl: string): Promise<string | null> {
  const modulePath = '../../src/auth/api-tokens.js';
  let tokens: Partial<TokenModule>;
  try {
    tokens = (await import(modulePath)) as Partial<TokenModule>;
  } catch {
    return null;
  }
  if (typeof tokens.issueToken !== 'function') return null;
  const config = loadConfig({ DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: '1', LOG_LEVEL: 'warn' });
  const db = await createDb(config);
  try {
    const { token } = await tokens.issueToken(db.orm, {
      serviceAccount: 'bench',
      scopes: ['audit:write', 'audit:read'],
      eventsPerSecond: 1_000_000_000,
      burst: 1_000_000_000,
    });
    return token;
  } finally {
    await db.close();
  }
}

export interface GatewayOptions {
  /**
   * No authentication (the overhead section's bare gateway): the same production start, but in
   * local development mode (set by bench/lib/bare-gateway.ts) and called without a credential.
   */
  withoutAuth?: boolean;
}

/**
 * The gateway as production runs it: its own process (its own event loop and CPU share, next to
 * PostgreSQL on the same cores), started from src/server.ts with NODE_ENV=production and the
 * environment as config, and called with a bearer API token. Falls back to local-dev mode (no
 * credential) only when the gateway has no API tokens.
 */
export async function startGateway(
  databaseUrl: string,
  env: Record<string, string> = {},
  options: GatewayOptions = {},
): Promise<Child> {
  const port = await freePort();
  const token = options.withoutAuth ? null : await issueBenchToken(databaseUrl);
  const auth: Record<string, string> =
    token || options.withoutAuth
      ? { NODE_ENV: 'production', AUTH_MODE: 'enforced' }
      : { NODE_ENV: 'development', AUTH_MODE: 'local-dev' };
  const entry = options.withoutAuth ? './bench/lib/bare-gateway.ts' : 'src/server.ts';
  return startServer({
    name: options.withoutAuth ? 'gateway without auth' : 'gateway',
    // BENCH_GATEWAY_NODE=<path>: another Node binary for the gateway (bench/node22's, say), for experiments.
    command: process.env.BENCH_GATEWAY_NODE ?? process.execPath,
    // The memory probe answers SIGUSR2 with the heap after a full GC (bench/lib/memory-probe.ts).
    args: [
      '--expose-gc',
      // BENCH_GATEWAY_CPU_PROF=<dir>: each gateway process writes a V8 CPU profile there when it stops.
      ...(process.env.BENCH_GATEWAY_CPU_PROF
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_GATEWAY_CPU_PROF}`]
        : []),
      ...START_NODE_FLAGS,
      // BENCH_GATEWAY_NODE_FLAGS="--max-old-space-size=4096 ...": extra Node flags for the gateway, for experiments.
      ...(process.env.BENCH_GATEWAY_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? []),
      '--import',
      'tsx',
      '--import',
      './bench/lib/memory-probe.ts',
      entry,
    ],
    env: {
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      INTROSPECTION: 'true',
      ...auth,
      ...env,
    },
    port,
    readyQuery: '{ auditLimits { maxBatchSize } }',
    headers: token ? { authorization: `Bearer ${token}` } : {},
    auth: options.withoutAuth
      ? 'production mode without authentication: local-dev auth mode, no credential sent'
      : token
        ? 'production mode, bearer API token (rate limit checked, budget raised)'
        : 'local-dev mode: this gateway has no API tokens',
  });
}

/** The printed schema of the gateway, to find which fields exist today. */
export function gatewaySchemaText(): string {
  return readFileSync(`${REPO_ROOT}schema.graphql`, 'utf8');
}
