import { Worker } from 'node:worker_threads';
import { NOTIFY_CHANNEL } from '../../src/db/ingest-queries.js';

/** The time now on the clock the commit listener stamps with, comparable across threads. */
export const clockNow = () => performance.timeOrigin + performance.now();

/**
 * When each (correlation, sequence) committed, as seen by a LISTEN on the gateway's channel from a
 * thread of its own: every committed batch notifies `[[correlationId, lastSequence], …]`, so the
 * sequences since a correlation's previous notification committed at that moment.
 */
export class CommitClock {
  private readonly committedAt = new Map<string, number>();
  private readonly lastSeen = new Map<string, number>();

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: { at?: number; payload?: string }) => {
      if (message.at !== undefined && message.payload !== undefined) this.note(message.at, message.payload);
    });
  }

  /** Listens on the database at `url`; resolves once the LISTEN is in place. */
  static async start(url: string): Promise<CommitClock> {
    const worker = new Worker(new URL('./commit-listener-worker.mjs', import.meta.url), {
      workerData: { url, channel: NOTIFY_CHANNEL },
    });
    await new Promise<void>((resolve, reject) => {
      worker.once('error', reject);
      worker.on('message', (message: { listening?: boolean }) => {
        if (message.listening) resolve();
      });
    });
    return new CommitClock(worker);
  }

  /** The commit time of one event, if its notification has arrived. */
  committed(correlationId: string, sequence: number): number | undefined {
    return this.committedAt.get(`${correlationId}#${sequence}`);
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.worker.once('exit', resolve));
    this.worker.postMessage('stop');
    const timer = setTimeout(() => void this.worker.terminate(), 2_000);
    await exited;
    clearTimeout(timer);
  }

  private note(at: number, payload: string): void {
    for (const [correlationId, last] of JSON.parse(payload) as Array<[string, number]>) {
      for (let sequence = (this.lastSeen.get(correlationId) ?? 0) + 1; sequence <= last; sequence++)
        this.committedAt.set(`${correlationId}#${sequence}`, at);
      this.lastSeen.set(correlationId, Math.max(last, this.lastSeen.get(correlationId) ?? 0));
    }
  }
}
