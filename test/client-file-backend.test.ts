import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuditRecorder,
  FanOutBackend,
  FileBackend,
  FileDeadLetterStore,
  GatewayBackend,
  replayDirectory,
  type StorageBackend,
  type WireEvent,
  type WriteResult,
} from '../src/client/index.js';
import { captureLogger, clientEvent, readJsonl, storedIds, tempDir } from './support/client.js';
import { createTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const wire = (overrides: Partial<WireEvent> = {}): WireEvent => ({
  ...clientEvent(),
  eventId: crypto.randomUUID(),
  eventTimestamp: new Date().toISOString(),
  ...overrides,
});

describe('the file backend', () => {
  it('starts a new file at the UTC day boundary (injected clock)', async () => {
    const dir = await tempDir('day');
    let clock = Date.parse('2026-11-22T23:59:59.900Z');
    const backend = new FileBackend({ dir, now: () => clock });
    const before = [wire(), wire()];
    await backend.write(before);
    clock = Date.parse('2026-11-23T00:00:00.100Z');
    const after = [wire()];
    await backend.write(after);
    await backend.close();

    expect((await readdir(dir)).sort()).toEqual(['audit-2026-11-22.0000.jsonl', 'audit-2026-11-23.0000.jsonl']);
    const day1 = await readJsonl<WireEvent>(dir, 'audit-2026-11-22');
    const day2 = await readJsonl<WireEvent>(dir, 'audit-2026-11-23');
    expect(day1.map((e) => e.eventId)).toEqual(before.map((e) => e.eventId));
    expect(day2.map((e) => e.eventId)).toEqual(after.map((e) => e.eventId));
  });

  it('rotates before a file would pass the size limit, keeping every line whole and in order', async () => {
    const dir = await tempDir('size');
    const now = () => Date.parse('2026-11-22T10:00:00Z');
    const backend = new FileBackend({ dir, maxFileBytes: 2_000, now });
    const events = Array.from({ length: 12 }, () => wire());
    for (const e of events) await backend.write([e]);
    await backend.close();

    const names = (await readdir(dir)).sort();
    const bytes = events.reduce((sum, e) => sum + Buffer.byteLength(JSON.stringify(e)) + 1, 0);
    expect(names.length).toBeGreaterThanOrEqual(Math.ceil(bytes / 2_000));
    expect(names[0]).toBe('audit-2026-11-22.0000.jsonl');
    for (const name of names) expect((await stat(join(dir, name))).size).toBeLessThanOrEqual(2_000);
    expect((await readJsonl<WireEvent>(dir)).map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));

    // Reopened the same day, it continues in the newest file, not the first.
    const again = new FileBackend({ dir, maxFileBytes: 2_000, now });
    await again.write([wire()]);
    await again.close();
    expect((await readdir(dir)).sort().slice(0, names.length)).toEqual(names);
    expect(await readJsonl(dir)).toHaveLength(13);
  });

  it('keeps lines whole under concurrent writers in one process', async () => {
    const dir = await tempDir('concurrent');
    const a = new FileBackend({ dir, maxFileBytes: 20_000 });
    const b = new FileBackend({ dir, maxFileBytes: 20_000 });
    const batches = Array.from({ length: 20 }, () => Array.from({ length: 25 }, () => wire()));
    await Promise.all(batches.map((batch, i) => (i % 2 ? a : b).write(batch)));
    await Promise.all([a.flush(), b.flush()]);
    await Promise.all([a.close(), b.close()]);

    const lines = await readJsonl<WireEvent>(dir);
    expect(lines).toHaveLength(500);
    expect(new Set(lines.map((e) => e.eventId))).toEqual(new Set(batches.flat().map((e) => e.eventId)));
    expect((await readdir(dir)).length).toBeGreaterThan(1);
  });

  it('is what a recorder writes to when no backend is given, and its files replay to a gateway', async () => {
    const dir = await tempDir('default');
    const home = process.cwd();
    process.chdir(dir);
    let ids: string[];
    try {
      const recorder = new AuditRecorder({ flushIntervalMs: 60_000, logger: captureLogger() });
      ids = Array.from({ length: 40 }, () => recorder.record(clientEvent({ correlationId: 'rr-files' })).eventId);
      expect(await recorder.close()).toMatchObject({ sent: 40, deadLettered: 0 });
    } finally {
      process.chdir(home);
    }
    const files = join(dir, 'audit-events');
    expect((await readJsonl<WireEvent>(files)).map((e) => e.eventId)).toEqual(ids);

    const first = await replayDirectory({ dir: files, backend: new GatewayBackend({ url: t.url }), batchSize: 15 });
    expect(first.files.map((f) => [f.events, f.recorded, f.duplicates, f.done])).toEqual([[40, 40, 0, true]]);
    expect([...(await storedIds(t, 'rr-files')).keys()].sort()).toEqual([...ids].sort());

    // A file that grows after it was replayed is continued from where the replay ended.
    const name = (await readdir(files)).find((n) => n.endsWith('.jsonl')) as string;
    const late = wire({ correlationId: 'rr-files' });
    await writeFile(join(files, name), `${JSON.stringify(late)}\n`, { flag: 'a' });
    const second = await replayDirectory({ dir: files, backend: new GatewayBackend({ url: t.url }) });
    expect(second.files.map((f) => [f.events, f.recorded, f.duplicates, f.done])).toEqual([[1, 1, 0, true]]);
    expect((await storedIds(t, 'rr-files')).size).toBe(41);
    expect(JSON.parse(await readFile(join(files, `${name}.replay.json`), 'utf8'))).toMatchObject({ done: true });
  });
});

/** A backend that fails its first write, to show what a retry does to a fan-out. */
class FlakyBackend implements StorageBackend {
  readonly name = 'flaky';
  calls = 0;
  async write(events: readonly WireEvent[]): Promise<WriteResult> {
    if (this.calls++ === 0) throw new Error('transient failure');
    return { recorded: events.length, duplicates: 0 };
  }
  async flush() {}
  async close() {}
}

describe('the fan-out backend', () => {
  it('writes to every backend, and a retry skips the backends that already stored the batch', async () => {
    const dir = await tempDir('fan-out');
    const flaky = new FlakyBackend();
    const recorder = new AuditRecorder({
      backend: new FanOutBackend([new GatewayBackend({ url: t.url }), new FileBackend({ dir }), flaky]),
      deadLetter: new FileDeadLetterStore({ dir: await tempDir('fan-out-dl') }),
      flushIntervalMs: 60_000,
      retry: { baseDelayMs: 1 },
      logger: captureLogger(),
    });
    const ids = Array.from({ length: 20 }, () => recorder.record(clientEvent({ correlationId: 'rr-fan' })).eventId);
    expect(await recorder.close()).toMatchObject({ sent: 20, deadLettered: 0 });

    expect(flaky.calls).toBe(2);
    expect(recorder.stats().retries).toBe(1);
    expect((await readJsonl<WireEvent>(dir)).map((e) => e.eventId)).toEqual(ids);
    const stored = await storedIds(t, 'rr-fan');
    expect([...stored.keys()].sort()).toEqual([...ids].sort());
  });
});
