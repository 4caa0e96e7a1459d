import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordAuditEvents } from './support/documents.js';
import { makeEvent } from './support/events.js';
import { AuditEventRecorded, oneTo, transports } from './support/live-clients.js';
import { type Replica, startReplica } from './support/replica.js';
import { createTestApp, onPostgres, type TestApp } from './support/test-app.js';

// Two gateway processes sharing one database needs a PostgreSQL server: an embedded PGlite belongs
// to the one process that opened it, so on that engine there is no second replica to talk to.
describe.runIf(onPostgres)('two gateway processes on one PostgreSQL server', () => {
  let t: TestApp;
  let replica: Replica;
  beforeAll(async () => {
    t = await createTestApp();
    if (t.config.database.kind !== 'postgres') throw new Error('needs PostgreSQL');
    replica = await startReplica(t.config.database.url);
  });
  afterAll(async () => {
    await replica?.stop();
    await t?.close();
  });

  async function recordThrough(url: string, correlationId: string, count: number): Promise<void> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        query: print(RecordAuditEvents),
        variables: { events: Array.from({ length: count }, () => makeEvent({ correlationId })) },
      }),
    });
    const body = (await response.json()) as { errors?: unknown };
    expect(body.errors).toBeUndefined();
  }

  describe.each(transports)('over %s', (transport, subscribe) => {
    it('a subscriber on one process receives events written through the other, and resumes on either', async () => {
      const correlationId = `live-replicas-${transport}`;
      const sequences = (items: Array<{ auditEventRecorded: { sequence: number } }>) =>
        items.map((i) => i.auditEventRecorded.sequence);

      const first = subscribe(t.url, AuditEventRecorded, { correlationId, afterSequence: 0 });
      await recordThrough(replica.url, correlationId, 2);
      await recordThrough(replica.url, correlationId, 1);
      await first.until((items) => items.length >= 3);
      first.drop();

      // Reconnect to the other process with the last sequence seen.
      await recordThrough(t.url, correlationId, 2);
      const second = subscribe(replica.url, AuditEventRecorded, { correlationId, afterSequence: 3 });
      await second.until((items) => items.length >= 2);
      await recordThrough(t.url, correlationId, 1);
      await second.until((items) => items.length >= 3);
      second.drop();

      expect(sequences(first.items)).toEqual(oneTo(3));
      expect(sequences(second.items)).toEqual([4, 5, 6]);
    });
  });
});
