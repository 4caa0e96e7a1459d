import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditRecorder, type DeadLetterLine, FileDeadLetterStore, GatewayBackend } from '../src/client/index.js';
import { captureLogger, clientEvent, readJsonl, storedIds, tempDir } from './support/client.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const MAX_BODY = 20_000;
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ MAX_BODY_BYTES: String(MAX_BODY) });
});
afterAll(() => t?.close());

describe('a gateway with a small request size limit', () => {
  it('gets batches split to fit its body limit, and an event too large alone is dead-lettered', async () => {
    const bodies: number[] = [];
    const observed: typeof fetch = (input, init) => {
      if (String(init?.body).includes('recordAuditEvents')) bodies.push(Buffer.byteLength(String(init?.body)));
      return fetch(input, init);
    };
    const dir = await tempDir('body');
    const recorder = new AuditRecorder({
      backend: new GatewayBackend({ url: t.url, fetch: observed }),
      deadLetter: new FileDeadLetterStore({ dir }),
      batchSize: 100,
      flushIntervalMs: 60_000,
      logger: captureLogger(),
    });
    const ids = Array.from({ length: 100 }, () => recorder.record(clientEvent({ correlationId: 'rr-body' })).eventId);
    const huge = recorder.record(clientEvent({ correlationId: 'rr-body', eventData: { blob: 'x'.repeat(MAX_BODY) } }));
    expect(await recorder.close()).toMatchObject({ sent: 100, deadLettered: 1 });

    expect(bodies.length).toBeGreaterThan(1);
    expect(Math.max(...bodies)).toBeLessThanOrEqual(MAX_BODY);
    expect([...(await storedIds(t, 'rr-body')).keys()].sort()).toEqual(ids.sort());
    const [line] = await readJsonl<DeadLetterLine>(dir, 'rejected-');
    expect(line?.event.eventId).toBe(huge.eventId);
    expect(line?.deadLetter.problems).toEqual([
      { field: 'event', message: `must fit in ${MAX_BODY} bytes of request` },
    ]);
  });
});
