import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, buildApp } from '../../src/app.js';
import type { AuditEvent, ClientLogger } from '../../src/client/index.js';
import { makeEvent } from './events.js';
import type { TestApp } from './test-app.js';

/** A client-side event: no id and no timestamp, the recorder stamps them. */
export function clientEvent(overrides: Partial<AuditEvent> = {}): AuditEvent {
  const { eventId: _id, eventTimestamp: _ts, ...event } = makeEvent();
  return { ...event, ...overrides };
}

export const tempDir = (name: string) => mkdtemp(join(tmpdir(), `audit-client-${name}-`));

/** Every JSON line of every `*.jsonl` file in `dir`, in file-name order. */
export async function readJsonl<T = Record<string, unknown>>(dir: string, prefix = ''): Promise<T[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.jsonl') && n.startsWith(prefix)).sort();
  const lines: T[] = [];
  for (const name of names) {
    const text = await readFile(join(dir, name), 'utf8');
    for (const line of text.split('\n')) if (line) lines.push(JSON.parse(line) as T);
  }
  return lines;
}

export interface CapturedLogger extends ClientLogger {
  entries: Array<{ level: 'warn' | 'error'; message: string; details: Record<string, unknown> }>;
}

export function captureLogger(): CapturedLogger {
  const entries: CapturedLogger['entries'] = [];
  return {
    entries,
    warn: (details, message) => entries.push({ level: 'warn', message, details }),
    error: (details, message) => entries.push({ level: 'error', message, details }),
  };
}

/** The ids stored under a correlation, with how often each one is stored. */
export async function storedIds(t: TestApp, correlationId: string): Promise<Map<string, number>> {
  const rows = await t.query<{ id: string; n: number }>(
    'SELECT event_id::text AS id, count(*)::int AS n FROM audit_events WHERE correlation_id = $1 GROUP BY event_id',
    [correlationId],
  );
  return new Map(rows.map((r) => [r.id, Number(r.n)]));
}

/**
 * A second gateway over the test app's database, which it does not own: it can be stopped and a
 * new one started on the same port (a restart) while the data stays.
 */
export async function startGatewayOn(t: TestApp, port = 0): Promise<{ app: App; url: string; port: number }> {
  const app = await buildApp({ config: { ...t.config, port }, db: t.app.deps.db });
  const url = await app.start();
  return { app, url, port: Number(new URL(url).port) };
}
