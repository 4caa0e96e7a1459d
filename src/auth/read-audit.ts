import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { ErrorCode } from '../errors.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import { type IngestDeps, recordEvents } from '../resolvers/record-events.js';
import { type ReadView, viewEvent } from './read-view-event.js';

export interface ReadAuditOptions {
  /** Longest a view waits before its batch is written. Default 1000 ms. */
  flushIntervalMs?: number;
  /** Views per batch (and the size that triggers an early write). Default 200. */
  batchSize?: number;
  /** Views kept while writes fail; beyond it the oldest are dropped and logged. Default 50,000. */
  maxPending?: number;
  /**
   * The longest a write's validation and hashing run between two turns of the event loop. Default
   * 0.5 ms, a quarter of a client batch's: views are background work, and a read arriving during a
   * slice waits for all of it (bench/README.md, "The read audit in smaller slices").
   */
  cpuSliceMs?: number;
}

/**
 * Records every credentialed read as an `audit.log.viewed` event, through the same ingest path as
 * any client batch, but off the request's hot path: views are queued and written in batches.
 * A write that fails (or times out) is logged, counted and retried on the timer; stop() writes what
 * is left.
 */
export class ReadAuditor {
  private pending: Array<Record<string, unknown>> = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  /** The last write failed: retry on the timer, not on every view. */
  private failing = false;
  private readonly flushIntervalMs: number;
  private readonly batchSize: number;
  private readonly maxPending: number;
  /** Bytes of arguments a view records in all: half of what an event's payload may hold. */
  private readonly argumentsBudget: number;
  private readonly ingest: IngestDeps;

  constructor(
    ingest: IngestDeps,
    private readonly logger: Logger,
    private readonly metrics: GatewayMetrics,
    options: ReadAuditOptions = {},
  ) {
    this.ingest = { ...ingest, cpuSliceMs: options.cpuSliceMs ?? 0.5 };
    this.flushIntervalMs = options.flushIntervalMs ?? 1000;
    this.batchSize = Math.min(options.batchSize ?? 200, ingest.limits.maxBatchSize);
    this.maxPending = options.maxPending ?? 50_000;
    this.argumentsBudget = Math.floor(ingest.limits.maxEventDataBytes / 2);
  }

  record(view: ReadView): void {
    this.pending.push(viewEvent(view, this.argumentsBudget));
    if (this.pending.length > this.maxPending) {
      const dropped = this.pending.splice(0, this.pending.length - this.maxPending);
      this.logger.error({ dropped: dropped.length }, 'audit.log.viewed queue full: oldest views dropped');
    }
    this.metrics.readAuditPending.set(this.pending.length);
    // A write in progress takes full batches as they fill; after a failure only the timer retries.
    if (this.pending.length >= this.batchSize && !this.flushing && !this.failing) void this.flush();
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
    if (this.pending.length === 0) return;
    this.flushing = this.write(this.pending.length).finally(() => {
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
    if (this.pending.length > 0) {
      this.logger.error({ views: this.pending.length }, 'audit.log.viewed events not recorded at shutdown');
    }
  }

  /**
   * Writes the first `queued` views, then only full batches: draining every view that arrives
   * during a write would, under steady reads, turn the writer into one transaction per few views.
   */
  private async write(queued: number): Promise<void> {
    let left = queued;
    while (left > 0 || this.pending.length >= this.batchSize) {
      const batch = this.pending.splice(0, this.batchSize);
      left = Math.max(0, left - batch.length);
      try {
        await recordEvents(this.ingest, batch);
        this.failing = false;
      } catch (error) {
        this.metrics.readAuditFailures.inc();
        if (isRefusal(error)) {
          // A refusal would repeat forever; it means a bug here, so say so loudly. Views it names
          // as invalid are dropped and the rest written; a refusal naming none drops the batch.
          const invalid = invalidIndexes(error);
          const rest = invalid.size > 0 ? batch.filter((_, index) => !invalid.has(index)) : [];
          const dropped = batch.length - rest.length;
          this.logger.error({ err: error, views: batch.length, dropped }, 'audit.log.viewed refused; dropped');
          if (rest.length > 0) {
            this.pending.unshift(...rest);
            left += rest.length;
          }
          continue;
        }
        this.pending.unshift(...batch);
        this.failing = true;
        this.logger.error({ err: error, views: batch.length }, 'could not record audit.log.viewed events; will retry');
        return;
      } finally {
        this.metrics.readAuditPending.set(this.pending.length);
      }
    }
  }

  private armTimer(): void {
    if (this.timer || this.pending.length === 0) return;
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
