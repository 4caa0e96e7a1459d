import { GraphQLError } from 'graphql';
import { ErrorCode } from '../errors.js';
import { type IngestDeps, recordEvents } from '../resolvers/record-events.js';

export interface ViewWriterOptions {
  /** Longest a view waits before its batch is written. Default 1000 ms. */
  flushIntervalMs?: number;
  /** Views per batch (and the size that triggers an early write). Default 200. */
  batchSize?: number;
  /** Views kept while writes fail; beyond it the oldest are dropped and logged. Default 50,000. */
  maxPending?: number;
}

/** What the writer tells its owner: the gateway's logger and metrics, or a worker thread's port. */
export interface ViewWriterReports {
  error(details: Record<string, unknown>, message: string): void;
  /** A write failed (its views are kept and retried, or dropped if refused). */
  failed(): void;
  /** A write attempt ended with this many views still queued. */
  wrote(pending: number): void;
}

/**
 * Writes audit.log.viewed events in batches, through the ingest path every client batch takes.
 * A write that fails (or times out) is reported and retried on the timer; stop() writes what is left.
 */
export class ViewWriter {
  private queue: Array<Record<string, unknown>> = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  /** The last write failed: retry on the timer, not on every view. */
  private failing = false;
  private readonly flushIntervalMs: number;
  private readonly batchSize: number;
  private readonly maxPending: number;

  constructor(
    private readonly ingest: IngestDeps,
    private readonly reports: ViewWriterReports,
    options: ViewWriterOptions = {},
  ) {
    this.flushIntervalMs = options.flushIntervalMs ?? 1000;
    this.batchSize = Math.min(options.batchSize ?? 200, ingest.limits.maxBatchSize);
    this.maxPending = options.maxPending ?? 50_000;
  }

  get pending(): number {
    return this.queue.length;
  }

  enqueue(view: Record<string, unknown>): void {
    this.queue.push(view);
    if (this.queue.length > this.maxPending) {
      const dropped = this.queue.splice(0, this.queue.length - this.maxPending);
      this.reports.error({ dropped: dropped.length }, 'audit.log.viewed queue full: oldest views dropped');
    }
    // A write in progress takes full batches as they fill; after a failure only the timer retries.
    if (this.queue.length >= this.batchSize && !this.flushing && !this.failing) void this.flush();
    else this.armTimer();
  }

  /**
   * Writes the views queued now, and full batches queued meanwhile; resolves when they are stored
   * (or a write has failed and they are queued again).
   */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.flushing) await this.flushing;
    if (this.queue.length === 0) return;
    this.flushing = this.write(this.queue.length).finally(() => {
      this.flushing = undefined;
      this.armTimer();
    });
    await this.flushing;
  }

  /** Writes what is queued, once; call after requests have stopped. What it cannot write is logged. */
  async stop(): Promise<void> {
    await this.flush();
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length > 0) {
      this.reports.error({ views: this.queue.length }, 'audit.log.viewed events not recorded at shutdown');
    }
  }

  /**
   * Writes the first `queued` views, then only full batches: draining every view that arrives
   * during a write would, under steady reads, turn the writer into one transaction per few views.
   */
  private async write(queued: number): Promise<void> {
    let left = queued;
    while (left > 0 || this.queue.length >= this.batchSize) {
      const batch = this.queue.splice(0, this.batchSize);
      left = Math.max(0, left - batch.length);
      try {
        await recordEvents(this.ingest, batch);
        this.failing = false;
      } catch (error) {
        this.reports.failed();
        if (isRefusal(error)) {
          // A refusal would repeat forever; it means a bug here, so say so loudly. Views it names
          // as invalid are dropped and the rest written; a refusal naming none drops the batch.
          const invalid = invalidIndexes(error);
          const rest = invalid.size > 0 ? batch.filter((_, index) => !invalid.has(index)) : [];
          const dropped = batch.length - rest.length;
          this.reports.error({ err: error, views: batch.length, dropped }, 'audit.log.viewed refused; dropped');
          if (rest.length > 0) {
            this.queue.unshift(...rest);
            left += rest.length;
          }
          continue;
        }
        this.queue.unshift(...batch);
        this.failing = true;
        this.reports.error({ err: error, views: batch.length }, 'could not record audit.log.viewed events; will retry');
        return;
      } finally {
        this.reports.wrote(this.queue.length);
      }
    }
  }

  private armTimer(): void {
    if (this.timer || this.queue.length === 0) return;
    this.timer = setTimeout(() => void this.flush(), this.flushIntervalMs);
    this.timer.unref();
  }
}

/** The batch positions a BAD_USER_INPUT refusal names. */
function invalidIndexes(error: GraphQLError): Set<number> {
  const problems = error.extensions.invalidEvents;
  return new Set(Array.isArray(problems) ? problems.map((p: { index: number }) => p.index) : []);
}

/** A coded answer other than "retry": the batch itself was refused (a timeout or deadlock is not). */
const isRefusal = (error: unknown): error is GraphQLError =>
  error instanceof GraphQLError && error.extensions.code !== undefined && error.extensions.code !== ErrorCode.Retryable;
