import { createClient } from 'graphql-ws';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { RecordAuditEvents } from './support/documents.js';
import { makeEvent } from './support/events.js';
import { AuditEventRecorded, oneTo } from './support/live-clients.js';
import { createTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

/** The hub's default bound on events held per subscriber. */
const QUEUE_LIMIT = 256;

/** Records `total` events on one correlation in batches; `padding` bytes of payload make them heavy. */
async function record(correlationId: string, total: number, padding = 0): Promise<void> {
  for (let done = 0; done < total; done += 200) {
    const events = Array.from({ length: Math.min(200, total - done) }, () =>
      makeEvent({ correlationId, eventData: { note: 'x'.repeat(padding) } }),
    );
    const res = await t.gql(RecordAuditEvents, { events });
    expect(res.errors).toBeUndefined();
  }
}

const until = async (ready: () => boolean) => {
  while (!ready()) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe('a consumer slower than the writers', () => {
  it('past its bound falls back to reading the database, and still receives every event in order', async () => {
    const hub = t.app.deps.live;
    const correlationId = 'live-slow-hub';
    const stream = await hub.subscribe(correlationId, 0);
    await record(correlationId, 1);
    const first = await stream.next();
    await until(() => hub.liveSubscribersOf(correlationId) === 1);

    // The consumer reads nothing while three queues' worth of events arrive.
    const overflowsBefore = hub.stats().overflows;
    const total = 3 * QUEUE_LIMIT + 50;
    await record(correlationId, total);
    await until(() => hub.stats().overflows > overflowsBefore);
    expect(hub.stats().bufferedEvents).toBeLessThanOrEqual(QUEUE_LIMIT);

    const catchUpReadsBefore = hub.stats().catchUpReads;
    const received = [first.value?.sequence];
    while (received.length < total + 1) {
      const next = await stream.next();
      received.push(next.value?.sequence);
      expect(hub.stats().bufferedEvents).toBeLessThanOrEqual(QUEUE_LIMIT);
    }
    await stream.return?.();

    expect(received).toEqual(oneTo(total + 1));
    expect(hub.stats().catchUpReads).toBeGreaterThan(catchUpReadsBefore);
    expect(hub.stats().peakSubscriberBuffered).toBeLessThanOrEqual(QUEUE_LIMIT);
  });

  it('over graphql-ws with its socket paused, receives every event once resumed while the server holds at most its bound', async () => {
    const hub = t.app.deps.live;
    const correlationId = 'live-slow-ws';
    const sockets: WebSocket[] = [];
    class TrackedWebSocket extends WebSocket {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        sockets.push(this);
      }
    }
    const client = createClient({
      url: t.url.replace(/^http/, 'ws'),
      webSocketImpl: TrackedWebSocket,
      retryAttempts: 0,
    });
    const received: number[] = [];
    let failure: unknown;
    const unsubscribe = client.subscribe(
      { query: print(AuditEventRecorded), variables: { correlationId, afterSequence: 0 } },
      {
        next: (result) => {
          const event = (result.data as { auditEventRecorded: { sequence: number } } | null)?.auditEventRecorded;
          if (event) received.push(event.sequence);
        },
        error: (error) => {
          failure = error;
        },
        complete: () => {},
      },
    );
    await until(() => hub.liveSubscribersOf(correlationId) === 1);

    // A client that stops reading: the kernel buffers fill, graphql-ws waits on each send, and
    // the subscriber's queue fills to its bound and then waits for the database instead.
    sockets[0]?.pause();
    const total = 1_500;
    await record(correlationId, total, 4_000);
    expect(hub.stats().peakSubscriberBuffered).toBeLessThanOrEqual(QUEUE_LIMIT);
    sockets[0]?.resume();

    await until(() => received.length >= total || failure !== undefined);
    unsubscribe();
    await client.dispose();
    expect(failure).toBeUndefined();
    expect(received).toEqual(oneTo(total));
    expect(hub.stats().peakSubscriberBuffered).toBeLessThanOrEqual(QUEUE_LIMIT);
  });
});
