import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Partitions } from '../db/partitions.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import type { ReadAudit, ReadAuditInThread } from './read-audit.js';
import type { FromReadAuditWorker, ReadAuditWorkerSetup, ToReadAuditWorker } from './read-audit-messages.js';
import { type ReadView, viewEvent } from './read-view-event.js';
import type { ViewWriterOptions } from './view-writer.js';

/**
 * The read audit with its writer in a worker thread, on connections of its own: validating,
 * hashing and writing a view cost about 80 µs of the gateway's thread (bench/README.md), and every
 * read arriving meanwhile waited for it. Here a view costs its building and one message.
 *
 * Each view is kept here until the worker reports it handled (the worker handles them in order).
 * If the worker dies, the views it had not handled go to a writer on the gateway's thread, which
 * writes every later view too: a view the worker stored but had not yet reported is sent again and
 * stored once, as a duplicate of itself (its id and content are made here).
 */
export class ReadAuditThread implements ReadAudit {
  private readonly worker: Worker;
  /** Views sent to the worker and not yet reported handled, oldest first. */
  private unsettled: Array<Record<string, unknown>> = [];
  /** Views the worker has reported handled (stored, or dropped and logged), of those sent. */
  private handled = 0;
  private readonly flushes = new Map<number, () => void>();
  private nextFlush = 0;
  private stopped: Promise<void> | undefined;
  private onStopped: (() => void) | undefined;
  /** The read audit on the gateway's thread, once the worker has died. */
  private fallback: ReadAuditInThread | undefined;

  constructor(
    config: Config,
    private readonly argumentsBudget: number,
    writer: ViewWriterOptions,
    private readonly logger: Logger,
    private readonly metrics: GatewayMetrics,
    /** The gateway's partitions, told which the worker wrote to (for the GIN pending-list cleaner). */
    private readonly partitions: Pick<Partitions, 'noteWrittenPartitions'>,
    private readonly inThread: () => ReadAuditInThread,
  ) {
    const setup: ReadAuditWorkerSetup = { config, writer };
    this.worker = new Worker(new URL('./read-audit-worker.mjs', import.meta.url), { workerData: setup });
    // Views are written by stop(); the process does not wait on the thread otherwise.
    this.worker.unref();
    this.worker.on('message', (message: FromReadAuditWorker) => this.receive(message));
    this.worker.on('error', (error) => this.logger.error({ err: error }, 'the read audit worker failed'));
    this.worker.on('exit', (code) => this.exited(code));
  }

  record(view: ReadView): void {
    if (this.fallback) return this.fallback.record(view);
    const event = viewEvent(view, this.argumentsBudget);
    this.post({ type: 'view', view: event });
    this.unsettled.push(event);
    this.metrics.readAuditPending.set(this.pending());
  }

  flush(): Promise<void> {
    if (this.fallback) return this.fallback.flush();
    const id = this.nextFlush++;
    return new Promise((resolve) => {
      this.flushes.set(id, resolve);
      this.post({ type: 'flush', id });
    });
  }

  /** Writes what is left, closes the worker's connections and ends the thread; once. */
  stop(): Promise<void> {
    this.stopped ??= this.fallback
      ? this.fallback.stop()
      : new Promise<void>((resolve) => {
          this.onStopped = resolve;
          this.post({ type: 'stop' });
        }).then(() => this.worker.terminate().then(() => {}));
    return this.stopped;
  }

  /** Views not yet stored: those the worker holds, and those on their way to it. */
  private pending(): number {
    return this.unsettled.length;
  }

  private post(message: ToReadAuditWorker): void {
    this.worker.postMessage(message);
  }

  private receive(message: FromReadAuditWorker): void {
    switch (message.type) {
      case 'wrote':
        this.settle(message.received - message.pending);
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

  /** The worker has handled its first `handled` views: they need not be kept. */
  private settle(handled: number): void {
    this.unsettled.splice(0, handled - this.handled);
    this.handled = handled;
  }

  private exited(code: number): void {
    const waiting = [...this.flushes.values()];
    this.flushes.clear();
    // At stop the worker has written what it could and said itself what it could not.
    if (this.stopped) {
      waiting.forEach((done) => done());
      return this.onStopped?.();
    }
    const views = this.unsettled;
    this.unsettled = [];
    this.logger.error(
      { code, views: views.length },
      "the read audit worker exited; views are written on the gateway's thread from now on",
    );
    this.fallback = this.inThread();
    this.fallback.enqueue(views);
    const flushed = this.fallback.flush();
    waiting.forEach((done) => void flushed.then(done));
  }
}
