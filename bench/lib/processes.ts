import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
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

export interface Child {
  name: string;
  url: string;
  process: ChildProcess;
  /** Resident memory of the process, from /proc (bytes). */
  rssBytes(): number;
  stop(): Promise<void>;
}

export interface StartOptions {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  port: number;
  /** Path to POST a trivial query to until the server answers. */
  readyQuery: string;
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
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
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
        headers: { 'content-type': 'application/json' },
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
    process: child,
    rssBytes() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
      return kb ? Number(kb) * 1024 : Number.NaN;
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

/**
 * The gateway as production runs it: its own process (its own event loop and CPU share, next to
 * PostgreSQL on the same cores), started from src/server.ts with the environment as config.
 */
export async function startGateway(databaseUrl: string, env: Record<string, string> = {}): Promise<Child> {
  const port = await freePort();
  return startServer({
    name: 'gateway',
    command: process.execPath,
    args: ['--import', 'tsx', 'src/server.ts'],
    env: {
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      ...env,
    },
    port,
    readyQuery: '{ auditLimits { maxBatchSize } }',
  });
}

/** The printed schema of the gateway, to find which fields exist today. */
export function gatewaySchemaText(): string {
  return readFileSync(`${REPO_ROOT}schema.graphql`, 'utf8');
}
