import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Partitions } from '../db/partitions.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import type { ReadAudit } from './read-audit.js';
import type { FromReadAuditWorker, ReadAuditWorkerSetup, ToReadAuditWorker } from './read-audit-messages.js';
import { type ReadView, viewEvent } from './read-view-event.js';
import type { ViewWriterOptions } from './view-writer.js';

/**
 * The read audit with its writer in a worker thread, on connections of its own: validating,
 * hashing and writing a view cost about 80 µs of the gateway's thread (bench/README.md), and every
 * read arriving meanwhile waited for it. Here a view costs its building and one message.
 */
export class ReadAuditThread implements ReadAudit {
  private readonly worker: Worker;
  /** Views sent to the worker, and the worker's last account of them. */
  private sent = 0;
  private reported = { pending: 0, received: 0 };
  private readonly flushes = new Map<number, () => void>();
  private nextFlush = 0;
  private stopped: Promise<void> | undefined;
  private onStopped: (() => void) | undefined;
  private exited = false;

  constructor(
    config: Config,
    private readonly argumentsBudget: number,
    writer: ViewWriterOptions,
    private readonly logger: Logger,
    private readonly metrics: GatewayMetrics,
    /** The gateway's partitions, told which the worker wrote to (for the GIN pending-list cleaner). */
    private readonly partitions: Pick<Partitions, 'noteWrittenPartitions'>,
  ) {
    const setup: ReadAuditWorkerSetup = { config, writer };
    this.worker = new Worker(new URL('./read-audit-worker.mjs', import.meta.url), { workerData: setup });
    // Views are written by stop(); the process does not wait on the thread otherwise.
    this.worker.unref();
    this.worker.on('message', (message: FromReadAuditWorker) => this.receive(message));
    this.worker.on('error', (error) => this.logger.error({ err: error }, 'the read audit worker failed'));
    this.worker.on('exit', (code) => {
      this.exited = true;
      // At stop the worker has said itself what it could not write.
      if (!this.stopped) {
        this.logger.error({ code, views: this.pending() }, 'the read audit worker exited; views not recorded');
      }
      for (const done of this.flushes.values()) done();
      this.flushes.clear();
      this.onStopped?.();
    });
  }

  record(view: ReadView): void {
    if (this.exited)
      return void this.logger.error({ views: 1 }, 'audit.log.viewed not recorded: the read audit worker has exited');
    this.post({ type: 'view', view: viewEvent(view, this.argumentsBudget) });
    this.sent++;
    this.metrics.readAuditPending.set(this.pending());
  }

  flush(): Promise<void> {
    if (this.exited) return Promise.resolve();
    const id = this.nextFlush++;
    return new Promise((resolve) => {
      this.flushes.set(id, resolve);
      this.post({ type: 'flush', id });
    });
  }

  /** Writes what is left, closes the worker's connections and ends the thread; once. */
  stop(): Promise<void> {
    this.stopped ??= this.exited
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          this.onStopped = resolve;
          this.post({ type: 'stop' });
        }).then(() => this.worker.terminate().then(() => {}));
    return this.stopped;
  }

  /** Views not yet stored: those the worker holds, and those on their way to it. */
  private pending(): number {
    return this.reported.pending + this.sent - this.reported.received;
  }

  private post(message: ToReadAuditWorker): void {
    this.worker.postMessage(message);
  }

  private receive(message: FromReadAuditWorker): void {
    switch (message.type) {
      case 'wrote':
        this.reported = message;
        this.metrics.readAuditPending.set(this.pending());
        this.partitions.noteWrittenPartitions(message.partitionsWritten);
        return;
      case 'failed':
        this.metrics.readAuditFailures.inc();
        return;
      case 'error':
        this.logger.error(message.details, message.message);
        return;
      case 'flushed':
        this.flushes.get(message.id)?.();
        this.flushes.delete(message.id);
        return;
      case 'stopped':
        this.onStopped?.();
        return;
    }
  }
}
