import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { makeEvent } from './support/events.js';

const serverUrl = process.env.DATABASE_URL;
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A database for the gateway process: a fresh PostgreSQL database, or an embedded one in a folder. */
async function database(): Promise<{ env: Record<string, string>; storedIds(): Promise<Set<string>> }> {
  if (serverUrl) {
    const name = `audit_test_${randomBytes(6).toString('hex')}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    cleanups.push(async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    });
    return {
      env: { DATABASE_URL: url.toString() },
      async storedIds() {
        const sql = postgres(url.toString(), { max: 1 });
        const found = await sql<Array<{ id: string }>>`SELECT event_id::text AS id FROM audit_events`;
        await sql.end();
        return new Set(found.map((r) => r.id));
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'audit-shutdown-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  return {
    env: { PGLITE_DATA_DIR: dir },
    async storedIds() {
      const db = await PGlite.create(dir);
      const found = await db.query<{ id: string }>('SELECT event_id::text AS id FROM audit_events');
      await db.close();
      return new Set(found.rows.map((r) => r.id));
    },
  };
}

function startGateway(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, NODE_ENV: 'development', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += String(chunk);
      const url = /"url":"(http:[^"]+)"/.exec(buffered)?.[1];
      if (url) resolve({ child, url });
    });
    child.once('exit', (code) => reject(new Error(`gateway exited with ${code} before listening`)));
  });
}

describe('SIGTERM during sustained ingest', () => {
  it('exits 0 and every acknowledged event is stored', async () => {
    const db = await database();
    const { child, url } = await startGateway(db.env);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const acknowledged: string[] = [];
    const refusals: string[] = [];
    let stopped = false;

    const writer = async (n: number) => {
      for (let i = 0; !stopped; i++) {
        const events = Array.from({ length: 20 }, () => makeEvent({ correlationId: `rr-shutdown-${n}-${i % 3}` }));
        try {
          const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              query: 'mutation($e: [AuditEventInput!]!) { recordAuditEvents(events: $e) { recordedCount } }',
              variables: { e: events },
            }),
          });
          const body = (await response.json()) as {
            data?: { recordAuditEvents?: { recordedCount: number } } | null;
            errors?: Array<{ extensions?: { code?: string } }>;
          };
          if (body.data?.recordAuditEvents?.recordedCount === 20)
            acknowledged.push(...events.map((e) => e.eventId as string));
          else refusals.push(body.errors?.[0]?.extensions?.code ?? `status ${response.status}`);
        } catch {
          return; // connection refused or reset: the gateway is gone
        }
      }
    };
    const writers = Promise.all([0, 1, 2, 3].map(writer));
    while (acknowledged.length < 400) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGTERM');
    const code = await exited;
    stopped = true;
    await writers;

    expect(code).toBe(0);
    expect(new Set(refusals)).toEqual(new Set(refusals.filter((r) => r === 'SHUTTING_DOWN')));
    const stored = await db.storedIds();
    const lost = acknowledged.filter((id) => !stored.has(id));
    expect(acknowledged.length).toBeGreaterThanOrEqual(400);
    expect(lost).toEqual([]);
  });
});
