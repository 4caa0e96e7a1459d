import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuditRecorder,
  type DeadLetterLine,
  FileDeadLetterStore,
  GatewayBackend,
  replayDirectory,
} from '../src/client/index.js';
import { captureLogger, clientEvent, readJsonl, storedIds, tempDir } from './support/client.js';
import { createTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

// A long interval and a batch larger than the buffer: nothing is sent until close().
const holdEverything = { bufferSize: 10, batchSize: 100, flushIntervalMs: 60_000 };

describe('a full buffer', () => {
  it('spills the overflow to the dead-letter files, from which a replay stores it', async () => {
    const dir = await tempDir('spill');
    const recorder = new AuditRecorder({
      ...holdEverything,
      backend: new GatewayBackend({ url: t.url }),
      deadLetter: new FileDeadLetterStore({ dir }),
      logger: captureLogger(),
    });
    const receipts = Array.from({ length: 25 }, () => recorder.record(clientEvent({ correlationId: 'rr-spill' })));
    expect(receipts.map((r) => r.status)).toEqual([...Array(10).fill('buffered'), ...Array(15).fill('spilled')]);

    const report = await recorder.close();
    expect(report).toMatchObject({ sent: 10, deadLettered: 15, dropped: 0 });
    expect(recorder.stats()).toMatchObject({ buffered: 10, spilled: 15, deadLettered: 15, dropped: 0 });
    const spilled = await readJsonl<DeadLetterLine>(dir, 'dead-letter-');
    expect(spilled.map((l) => l.event.eventId)).toEqual(receipts.slice(10).map((r) => r.eventId));
    expect(spilled.every((l) => l.deadLetter.reason === 'overflow')).toBe(true);

    await replayDirectory({ dir, backend: new GatewayBackend({ url: t.url }) });
    const stored = await storedIds(t, 'rr-spill');
    expect([...stored.keys()].sort()).toEqual(receipts.map((r) => r.eventId).sort());
  });

  it('drops and counts the overflow under the drop policy, and logs every drop', async () => {
    const dir = await tempDir('drop');
    const logger = captureLogger();
    const recorder = new AuditRecorder({
      ...holdEverything,
      undeliverable: 'drop',
      backend: new GatewayBackend({ url: t.url }),
      deadLetter: new FileDeadLetterStore({ dir }),
      logger,
    });
    const receipts = Array.from({ length: 25 }, () => recorder.record(clientEvent({ correlationId: 'rr-drop' })));
    expect(receipts.filter((r) => r.status === 'dropped')).toHaveLength(15);

    // record() already said which were dropped; close() delivers the rest and loses nothing more.
    const report = await recorder.close();
    expect(report).toMatchObject({ sent: 10, deadLettered: 0, dropped: 0, undelivered: [] });
    expect(recorder.stats()).toMatchObject({ buffered: 10, dropped: 15, deadLettered: 0 });
    const logged = logger.entries.filter((e) => e.message === 'dropped audit events');
    expect(logged.reduce((sum, e) => sum + Number(e.details.dropped), 0)).toBe(15);
    expect(await readJsonl(dir)).toEqual([]);
    expect((await storedIds(t, 'rr-drop')).size).toBe(10);
  });

  it('drops and counts batches whose attempts ran out under the drop policy', async () => {
    const logger = captureLogger();
    const recorder = new AuditRecorder({
      undeliverable: 'drop',
      backend: new GatewayBackend({ url: 'http://127.0.0.1:9/graphql', timeoutMs: 500 }),
      deadLetter: new FileDeadLetterStore({ dir: await tempDir('drop-exhausted') }),
      retry: { maxAttempts: 2, baseDelayMs: 1 },
      flushIntervalMs: 60_000,
      logger,
    });
    for (let i = 0; i < 5; i++) recorder.record(clientEvent({ correlationId: 'rr-drop-exhausted' }));
    expect(await recorder.flush()).toMatchObject({ sent: 0, deadLettered: 0, dropped: 5 });
    await recorder.close();
    expect(recorder.stats()).toMatchObject({ failedBatches: 1, retries: 1, dropped: 5 });
    expect(logger.entries.filter((e) => e.message === 'dropped audit events').map((e) => e.details.dropped)).toEqual([
      5,
    ]);
  });
});
