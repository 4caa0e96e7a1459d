import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type App, buildApp } from '../src/app.js';
import { RecordAuditEvents } from './support/documents.js';
import { makeEvent } from './support/events.js';
import { createTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let app: App;
let url: string;
beforeAll(async () => {
  t = await createTestApp();
  await t.gql(RecordAuditEvents, { events: [makeEvent({ correlationId: 'rr-stop-live' })] });
  // A second gateway to stop, on the same database.
  app = await buildApp({ config: t.config, db: t.config.database.kind === 'pglite' ? t.app.deps.db : undefined });
  url = await app.start();
});
afterAll(() => t?.close());

const QUERY = 'subscription { auditEventRecorded(correlationId: "rr-stop-live", afterSequence: 0) { sequence } }';

describe('stopping the gateway with live subscribers', () => {
  it('tells SSE subscribers SHUTTING_DOWN and closes graphql-ws with 1012, so they resume elsewhere', async () => {
    const sse = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: QUERY }),
    });
    const reader = sse.body?.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (reader && !text.includes('"sequence":1')) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }

    let stopped: Promise<void> | undefined;
    const closed = new Promise<{ code: number; reason: string }>((resolve) => {
      const client = createClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
      client.subscribe(
        { query: QUERY },
        {
          next: () => {
            stopped ??= app.stop();
          },
          error: (error) => resolve(error as { code: number; reason: string }),
          complete: () => resolve({ code: 0, reason: 'completed' }),
        },
      );
    });
    const ws = await closed;
    while (reader) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }

    await stopped;
    expect(ws.code).toBe(1012);
    expect(ws.reason).toContain('SHUTTING_DOWN');
    expect(text).toContain('"code":"SHUTTING_DOWN"');
  });
});
