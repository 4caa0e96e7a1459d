import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditRecorder, type DeadLetterLine, FileDeadLetterStore, GatewayBackend } from '../src/client/index.js';
import { jwtKit, token } from './support/auth.js';
import { captureLogger, clientEvent, readJsonl, storedIds, tempDir } from './support/client.js';
import { createTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  const kit = await jwtKit();
  // 15 events of burst, refilled at 5/s: a second batch of 15 right after the first is refused
  // unless the first took 3 s, and is then asked to wait 3 s.
  t = await createTestApp({ ...kit.env, RATE_LIMIT_EVENTS_PER_SECOND: '5', RATE_LIMIT_BURST: '15' });
});
afterAll(() => t?.close());

describe('a recorder against a gateway that enforces auth and rate limits', () => {
  it('sends a bearer token, and waits as long as RATE_LIMITED asks before retrying', async () => {
    const credential = await token(t, 'svc-recorder', ['audit:write']);
    let tokenCalls = 0;
    const recorder = new AuditRecorder({
      backend: new GatewayBackend({
        url: t.url,
        token: () => {
          tokenCalls++;
          return credential;
        },
      }),
      deadLetter: new FileDeadLetterStore({ dir: await tempDir('auth') }),
      batchSize: 15,
      flushIntervalMs: 60_000,
      retry: { maxAttempts: 4, baseDelayMs: 1 },
      logger: captureLogger(),
    });
    const ids = Array.from({ length: 30 }, () => recorder.record(clientEvent({ correlationId: 'rr-auth' })).eventId);
    const started = performance.now();
    const report = await recorder.flush();
    const waited = performance.now() - started;
    await recorder.close();

    expect(report).toMatchObject({ sent: 30, deadLettered: 0 });
    expect(recorder.stats().retries).toBeGreaterThanOrEqual(1);
    // The second batch passed the burst: the gateway asked for a wait of at least a second.
    expect(waited).toBeGreaterThanOrEqual(1000);
    expect(tokenCalls).toBeGreaterThanOrEqual(3);
    expect([...(await storedIds(t, 'rr-auth')).keys()].sort()).toEqual(ids.sort());
  });

  it('does not retry a refused credential: the batch goes straight to the dead-letter store', async () => {
    const dir = await tempDir('unauthenticated');
    const recorder = new AuditRecorder({
      backend: new GatewayBackend({ url: t.url, token: 'not-a-token' }),
      deadLetter: new FileDeadLetterStore({ dir }),
      flushIntervalMs: 60_000,
      retry: { maxAttempts: 3, baseDelayMs: 1 },
      logger: captureLogger(),
    });
    const id = recorder.record(clientEvent({ correlationId: 'rr-unauthenticated' })).eventId;
    expect(await recorder.close()).toMatchObject({ sent: 0, deadLettered: 1 });
    expect(recorder.stats()).toMatchObject({ retries: 0, failedBatches: 1 });
    const [line] = await readJsonl<DeadLetterLine>(dir, 'dead-letter-');
    expect(line?.event.eventId).toBe(id);
    expect(line?.deadLetter.message).toMatch(/1 attempt/);
  });
});
