// The live section's clock for commits, on a thread of its own: the bench's main thread is busy
// receiving ten thousand messages a second, and would stamp a notification late by however long
// its event loop lags. PostgreSQL sends a NOTIFY to listeners when the transaction commits.
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import postgres from 'postgres';

const sql = postgres(workerData.url, { max: 1, onnotice: () => {} });
await sql.listen(
  workerData.channel,
  (payload) => parentPort.postMessage({ at: performance.timeOrigin + performance.now(), payload }),
  () => parentPort.postMessage({ listening: true }),
);
parentPort.on('message', async () => {
  await sql.end({ timeout: 1 });
  parentPort.close();
});
