import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as cli } from '../src/client/cli.js';
import {
  FileBackend,
  FileDeadLetterStore,
  GatewayBackend,
  replayDirectory,
  type WireEvent,
} from '../src/client/index.js';
import { clientEvent, storedIds, tempDir } from './support/client.js';
import { createTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const wire = (overrides: Partial<WireEvent> = {}): WireEvent => ({
  ...clientEvent({ correlationId: 'rr-replay' }),
  eventId: crypto.randomUUID(),
  eventTimestamp: new Date().toISOString(),
  ...overrides,
});

describe('a replay of a file with events the gateway refuses', () => {
  it('stores the others, lists the refused ones, and does not mark the file done', async () => {
    const dir = await tempDir('replay-refused');
    const files = new FileBackend({ dir });
    const good = [wire(), wire(), wire()];
    const bad = wire({ eventOutcome: 'SUCCESS', eventTimestamp: '2001-01-01T00:00:00Z' });
    await files.write([good[0] as WireEvent, bad, good[1] as WireEvent, good[2] as WireEvent]);
    await files.close();
    const name = (await readdir(dir))[0] as string;
    await writeFile(join(dir, name), 'not json\n', { flag: 'a' });

    const lines: string[] = [];
    const status = await cli(['replay', dir, '--url', t.url], (l) => lines.push(l));

    expect(status).toBe(2);
    expect(lines[0]).toMatch(/4 event\(s\), 3 recorded, 0 already stored, 2 refused$/);
    expect(lines.slice(1)).toEqual([
      `  line 5 (no id): line is not a JSON event`,
      expect.stringMatching(
        new RegExp(`^  line 2 \\(${bad.eventId}\\): eventTimestamp must be at most \\d+ days old$`),
      ),
    ]);
    expect([...(await storedIds(t, 'rr-replay')).keys()].sort()).toEqual(good.map((e) => e.eventId).sort());

    // Not done: a second run tries again, and stores nothing twice.
    const again = await replayDirectory({ dir, backend: new GatewayBackend({ url: t.url }) });
    expect(again.files.map((f) => [f.recorded, f.duplicates, f.rejected.length, f.done])).toEqual([[0, 3, 2, false]]);
  });
});

describe('a replay of a dead-letter folder', () => {
  it('leaves rejected-* files alone unless asked to include them', async () => {
    const dir = await tempDir('replay-rejected');
    const store = new FileDeadLetterStore({ dir });
    const undeliverable = wire();
    const fixed = wire();
    const at = new Date().toISOString();
    await store.write([
      { event: undeliverable, reason: 'undeliverable', message: 'gateway unreachable', at },
      { event: fixed, reason: 'rejected', message: 'fixed by hand since', problems: [], at },
    ]);
    await store.close();

    const first = await replayDirectory({ dir, backend: new GatewayBackend({ url: t.url }) });
    expect(first.files.map((f) => [f.file.split('/').pop()?.split('-2')[0], f.recorded, f.done])).toEqual([
      ['dead-letter', 1, true],
    ]);
    const second = await replayDirectory({ dir, backend: new GatewayBackend({ url: t.url }), includeRejected: true });
    expect(second.files.map((f) => [f.file.split('/').pop()?.split('-2')[0], f.recorded, f.done])).toEqual([
      ['rejected', 1, true],
    ]);
    const stored = await storedIds(t, 'rr-replay');
    expect(stored.get(undeliverable.eventId)).toBe(1);
    expect(stored.get(fixed.eventId)).toBe(1);
  });

  it('stops and reports when the gateway cannot be reached, leaving the files for the next run', async () => {
    const dir = await tempDir('replay-down');
    const files = new FileBackend({ dir });
    await files.write([wire()]);
    await files.close();
    const lines: string[] = [];
    expect(await cli(['replay', dir, '--url', 'http://127.0.0.1:9/graphql'], (l) => lines.push(l))).toBe(1);
    expect(lines.at(-1)).toMatch(/^stopped: gateway unreachable/);
    expect((await readdir(dir)).filter((n) => n.endsWith('.replay.json'))).toEqual([]);
  });
});
