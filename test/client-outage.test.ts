import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuditRecorder,
  type DeadLetterLine,
  FileDeadLetterStore,
  GatewayBackend,
  replayDirectory,
} from '../src/client/index.js';
import { main as cli } from '../src/client/cli.js';
import { captureLogger, clientEvent, readJsonl, startGatewayOn, storedIds, tempDir } from './support/client.js';
import { createTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe('record() while the gateway is down', () => {
  it('returns at once with every event buffered, whether connections are refused or hang', async () => {
    const down = await startGatewayOn(t);
    await down.app.stop(); // nothing listens on this port any more
    let hung = 0;
    const hangingFetch: typeof fetch = () => {
      hung++;
      return new Promise<Response>(() => {});
    };
    const refused = new AuditRecorder({
      backend: new GatewayBackend({ url: down.url }),
      deadLetter: new FileDeadLetterStore({ dir: await tempDir('refused') }),
      batchSize: 10,
      flushIntervalMs: 5,
      retry: { maxAttempts: 2, baseDelayMs: 5 },
      logger: captureLogger(),
    });
    const hanging = new AuditRecorder({
      backend: new GatewayBackend({ url: t.url, fetch: hangingFetch }),
      deadLetter: new FileDeadLetterStore({ dir: await tempDir('hanging') }),
      batchSize: 10,
      flushIntervalMs: 5,
      logger: captureLogger(),
    });
    // Let both writers start (and the hanging one get stuck) before recording.
    await new Promise((resolve) => setTimeout(resolve, 20));

    for (const recorder of [refused, hanging]) {
      const receipts = Array.from({ length: 1000 }, () => recorder.record(clientEvent({ correlationId: 'rr-down' })));
      expect(receipts.every((r) => r.status === 'buffered' && typeof r.eventId === 'string')).toBe(true);
      expect(recorder.stats().buffered).toBe(1000);
    }
    expect(hung).toBeGreaterThan(0);

    const refusedReport = await refused.close({ timeoutMs: 30_000 });
    expect(refusedReport).toMatchObject({ sent: 0, deadLettered: 1000, dropped: 0, timedOut: false });
    const hangingReport = await hanging.close({ timeoutMs: 50 });
    expect(hangingReport.timedOut).toBe(true);
    expect(hangingReport.sent).toBe(0);
    expect(hangingReport.undelivered).toHaveLength(1000);
    expect(hanging.stats().deadLettered + hanging.stats().dropped).toBeLessThanOrEqual(1000);
    expect((await storedIds(t, 'rr-down')).size).toBe(0);
  });
});

describe('a gateway stopped mid-run and restarted later', () => {
  it('ends, after a replay of the dead letters, with exactly the recorded events stored, none twice', async () => {
    const deadLetters = await tempDir('restart');
    const first = await startGatewayOn(t);
    let stopAfterNextBatch = false;
    // Stops the gateway right after it stored a batch, before the answer reaches the recorder.
    const fetchThatLosesTheAnswer: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (stopAfterNextBatch && String(init?.body).includes('recordAuditEvents')) {
        stopAfterNextBatch = false;
        await first.app.stop();
        throw new TypeError('fetch failed: socket hang up');
      }
      return response;
    };
    const logger = captureLogger();
    const recorder = new AuditRecorder({
      backend: new GatewayBackend({ url: first.url, fetch: fetchThatLosesTheAnswer, timeoutMs: 2000 }),
      deadLetter: new FileDeadLetterStore({ dir: deadLetters }),
      batchSize: 25,
      flushIntervalMs: 10,
      retry: { maxAttempts: 2, baseDelayMs: 5 },
      logger,
    });
    const recorded: string[] = [];
    const record = (n: number) => {
      for (let i = 0; i < n; i++) recorded.push(recorder.record(clientEvent({ correlationId: 'rr-restart' })).eventId);
    };

    record(50);
    expect(await recorder.flush()).toMatchObject({ sent: 50, deadLettered: 0 });

    stopAfterNextBatch = true;
    record(25); // stored, but the answer is lost with the gateway
    record(40); // sent while it is down
    const outage = await recorder.flush();
    expect(outage).toMatchObject({ sent: 0, deadLettered: 65 });
    expect(logger.entries.some((e) => e.message === 'audit batch undeliverable')).toBe(true);

    const second = await startGatewayOn(t, first.port);
    record(30);
    expect(await recorder.flush()).toMatchObject({ sent: 30, deadLettered: 0 });
    expect(await recorder.close()).toMatchObject({ timedOut: false, undelivered: [] });
    const beforeReplay = await storedIds(t, 'rr-restart');
    expect(beforeReplay.size).toBe(105); // the lost-answer batch was stored; the 40 were not

    const undelivered = await readJsonl<DeadLetterLine>(deadLetters, 'dead-letter-');
    expect(undelivered).toHaveLength(65);
    expect(undelivered.every((l) => l.deadLetter.reason === 'undeliverable')).toBe(true);

    const replay = await replayDirectory({ dir: deadLetters, backend: new GatewayBackend({ url: second.url }) });
    expect(replay.failure).toBeUndefined();
    expect(replay.files.map((f) => [f.events, f.recorded, f.duplicates, f.done])).toEqual([[65, 40, 25, true]]);

    const stored = await storedIds(t, 'rr-restart');
    expect([...stored.keys()].sort()).toEqual([...recorded].sort());
    expect(recorded).toHaveLength(145);
    expect([...stored.values()].every((n) => n === 1)).toBe(true);
    const sequences = await t.query<{ s: number }>(
      `SELECT sequence::int AS s FROM audit_events WHERE correlation_id = 'rr-restart' ORDER BY sequence`,
    );
    expect(sequences.map((r) => Number(r.s))).toEqual(Array.from({ length: 145 }, (_, i) => i + 1));

    // A second replay finds every file done and sends nothing.
    const lines: string[] = [];
    expect(await cli(['replay', deadLetters, '--url', second.url], (l) => lines.push(l))).toBe(0);
    expect(lines).toEqual(['nothing to replay']);
    await second.app.stop();
  });
});
