import { parentPort, workerData } from 'node:worker_threads';
import pino from 'pino';
import { createDb } from '../db/client.js';
import { Partitions } from '../db/partitions.js';
import { createIngestDeps } from '../resolvers/record-events.js';
import type { FromReadAuditWorker, ReadAuditWorkerSetup, ToReadAuditWorker } from './read-audit-messages.js';
import { ViewWriter } from './view-writer.js';

// The read audit's writer (see read-audit-thread.ts): the same ViewWriter and ingest path as in
// the gateway's thread, on connections of its own.

const port = parentPort;
if (!port) throw new Error('read-audit-worker.ts runs as a worker thread');
const { config, writer: options } = workerData as ReadAuditWorkerSetup;
const target = config.database;
if (target.kind !== 'postgres') throw new Error('the read audit runs in a worker thread only on PostgreSQL');
const post = (message: FromReadAuditWorker) => port.postMessage(message);

let received = 0;

const ready = (async () => {
  // One write at a time: a connection for its transaction, one for its single statements.
  const db = await createDb({ ...config, database: { ...target, poolSize: 1 } });
  const partitions = new Partitions(db);
  // Nothing else runs on this thread: validation needs no slices.
  const ingest = createIngestDeps(config, db, partitions, Number.POSITIVE_INFINITY);
  const views = new ViewWriter(
    ingest,
    {
      // Errors as plain objects: a message carries no class, and PostgreSQL's fields would be lost.
      error: (details, message) => post({ type: 'error', details: serializable(details), message }),
      failed: () => post({ type: 'failed' }),
      wrote: (pending) => post({ type: 'wrote', pending, received, partitionsWritten: partitions.takeWritten() }),
    },
    options,
  );
  return { views, db };
})();

port.on('message', (message: ToReadAuditWorker) => {
  void ready.then(async ({ views, db }) => {
    switch (message.type) {
      case 'view':
        received++;
        return views.enqueue(message.view);
      case 'flush':
        await views.flush();
        return post({ type: 'flushed', id: message.id });
      case 'stop':
        await views.stop();
        await db.close();
        return post({ type: 'stopped' });
    }
  });
});

function serializable(details: Record<string, unknown>): Record<string, unknown> {
  return details.err instanceof Error ? { ...details, err: pino.stdSerializers.err(details.err) } : details;
}
