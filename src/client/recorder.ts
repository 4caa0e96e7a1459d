import { preciseNow } from '../events/timestamp.js';
import { FileBackend } from './backends/file.js';
import { FileDeadLetterStore } from './dead-letter.js';
import { Delivery } from './delivery.js';
import type { CloseReport, FlushReport, RecordReceipt, RecorderOptions, RecordStatus } from './recorder-options.js';
import { DEFAULT_RETRY_POLICY } from './retry-policy.js';
import { RingBuffer } from './ring-buffer.js';
import { isoMicros, uuidv7 } from '../events/stamp.js';
import { type Counters, type RecorderStats, zeroCounters } from './stats.js';
import {
  type AuditEvent,
  type ClientLogger,
  consoleLogger,
  type DeadLetter,
  type DeadLetterReason,
  type DeadLetterStore,
  type EventRejection,
  type StorageBackend,
  type WireEvent,
} from './types.js';
import { createValidator, type Validator } from './validation.js';

/**
 * A recorded event with its id and timestamp. The wire form (a copy of the event with both set) is
 * made by the writer, not by record(): copying an event costs more than everything else record() does.
 */
class Stamped {
  constructor(
    readonly event: AuditEvent,
    readonly eventId: string,
    readonly eventTimestamp: string,
  ) {}

  wire(): WireEvent {
    return { ...this.event, eventId: this.eventId, eventTimestamp: this.eventTimestamp } as WireEvent;
  }

  receipt(status: RecordStatus): RecordReceipt {
    return { eventId: this.eventId, eventTimestamp: this.eventTimestamp, status };
  }
}

/**
 * A buffered audit recorder: `record()` never blocks and never throws for transport reasons; a
 * background writer sends batches, retries, splits, and dead-letters what it cannot deliver.
 */
export class AuditRecorder {
  private readonly backend: StorageBackend;
  private readonly deadLetter: DeadLetterStore;
  private readonly buffer: RingBuffer<Stamped>;
  private readonly counters: Counters = zeroCounters();
  private readonly delivery: Delivery;
  private readonly now: () => number;
  private readonly logger: ClientLogger;
  private readonly mode: 'writer' | 'record';
  private readonly dropPolicy: boolean;
  private batchSize: number;
  private validator: Validator;
  private opened: Promise<void> | undefined;
  private isOpen = false;
  private timer: NodeJS.Timeout | undefined;
  private pushed = 0;
  private taken = 0;
  private pumping: Promise<void> | undefined;
  private kickScheduled = false;
  private spillQueue: DeadLetter[] = [];
  private spilling: Promise<void> = Promise.resolve();
  private openWarned = false;
  private closed = false;
  private closing: Promise<CloseReport> | undefined;
  private readonly abort = new AbortController();
  private inFlight: readonly WireEvent[] = [];

  constructor(options: RecorderOptions = {}) {
    this.backend = options.backend ?? new FileBackend();
    this.deadLetter = options.deadLetter ?? new FileDeadLetterStore();
    this.buffer = new RingBuffer(options.bufferSize ?? 10_000);
    this.batchSize = Math.max(1, options.batchSize ?? 500);
    this.now = options.now ?? preciseNow;
    this.logger = options.logger ?? consoleLogger;
    this.mode = options.validate ?? 'writer';
    this.dropPolicy = options.undeliverable === 'drop';
    this.delivery = new Delivery({
      backend: this.backend,
      deadLetter: this.deadLetter,
      policy: { ...DEFAULT_RETRY_POLICY, ...options.retry },
      dropUndeliverable: this.dropPolicy,
      counters: this.counters,
      logger: this.logger,
      now: this.now,
      random: options.random ?? Math.random,
      signal: this.abort.signal,
      onBatchLimit: (max) => {
        this.batchSize = Math.max(1, Math.min(this.batchSize, max));
      },
    });
    this.validator = createValidator({}, this.now);
    const interval = options.flushIntervalMs ?? 1000;
    this.timer = setInterval(() => this.tick(), interval);
    this.timer.unref();
    this.background(this.open());
  }

  /**
   * Stamps the event (UUIDv7 id and microsecond UTC timestamp, unless given) and buffers it.
   * Returns at once; never throws for transport reasons. Do not change the event afterwards.
   */
  record(event: AuditEvent): RecordReceipt {
    const now = this.now();
    const stamped = new Stamped(event, event.eventId ?? uuidv7(now), event.eventTimestamp ?? isoMicros(now));
    if (this.closed) {
      this.delivery.drop([stamped.wire()], 'recorded after close()');
      return stamped.receipt('dropped');
    }
    if (this.mode === 'record') {
      const problems = this.validator.check([stamped.wire()]).rejected.get(0);
      if (problems) {
        this.spill(stamped.wire(), 'rejected', 'refused by local validation', problems);
        return { ...stamped.receipt('invalid'), problems };
      }
    }
    if (this.buffer.push(stamped)) {
      this.pushed++;
      this.counters.buffered++;
      if (this.buffer.size >= this.batchSize) this.kick();
      return stamped.receipt('buffered');
    }
    if (this.dropPolicy) {
      this.delivery.drop([stamped.wire()], 'buffer full');
      return stamped.receipt('dropped');
    }
    this.spill(stamped.wire(), 'overflow', 'buffer full');
    return stamped.receipt('spilled');
  }

  /** Sends everything recorded so far; resolves when the backend acknowledged it (or it was dead-lettered). */
  async flush(): Promise<FlushReport> {
    const before = { ...this.counters };
    await this.deliverUntil(this.pushed);
    await this.spilling;
    await this.backend.flush().catch((error) => this.logger.error({ err: error }, 'backend flush failed'));
    await this.deadLetter.flush().catch((error) => this.logger.error({ err: error }, 'dead-letter flush failed'));
    return this.delta(before);
  }

  /**
   * Stops accepting events, delivers what is buffered within `timeoutMs` (default 10 s), dead-letters
   * the rest, closes the backends, and reports what it could not deliver.
   */
  close(options: { timeoutMs?: number } = {}): Promise<CloseReport> {
    this.closing ??= this.closeNow(options.timeoutMs ?? 10_000);
    return this.closing;
  }

  /** Calls `observer` with the seconds of every successful backend write (used by the metrics). */
  observeWrites(observer: (seconds: number) => void): void {
    this.delivery.onWriteDuration = observer;
  }

  stats(): RecorderStats {
    return { ...this.counters, bufferUsed: this.buffer.size, bufferCapacity: this.buffer.capacity };
  }

  private async closeNow(timeoutMs: number): Promise<CloseReport> {
    this.closed = true;
    clearInterval(this.timer);
    const before = { ...this.counters };
    this.delivery.undeliveredLog = [];
    let timeout: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      this.deliverUntil(this.pushed).then(() => false),
      new Promise<boolean>((resolve) => {
        timeout = setTimeout(() => resolve(true), timeoutMs);
      }),
    ]);
    clearTimeout(timeout);
    const undelivered = this.delivery.undeliveredLog;
    if (timedOut) {
      this.abort.abort();
      undelivered.push(...this.inFlight);
      const rest = this.buffer.take(this.buffer.size).map((p) => p.wire());
      await this.delivery.undeliverable(
        rest,
        'undeliverable',
        `the recorder closed after ${timeoutMs} ms before delivering`,
      );
    }
    await this.spilling;
    this.delivery.logDrops();
    // An in-flight batch that fails after the timeout may be listed twice: once is enough.
    const unique = [...new Map(undelivered.map((e) => [e.eventId, e])).values()];
    const report: CloseReport = { ...this.delta(before), timedOut, undelivered: unique };
    this.delivery.undeliveredLog = undefined;
    await this.backend
      .flush()
      .then(() => this.backend.close())
      .catch((error) => this.logger.error({ err: error }, 'backend close failed'));
    await this.deadLetter
      .flush()
      .then(() => this.deadLetter.close())
      .catch((error) => this.logger.error({ err: error }, 'dead-letter close failed'));
    return report;
  }

  private delta(before: Counters): FlushReport {
    return {
      sent: this.counters.sent - before.sent,
      duplicates: this.counters.duplicates - before.duplicates,
      deadLettered: this.counters.deadLettered - before.deadLettered,
      dropped: this.counters.dropped - before.dropped,
    };
  }

  /** Reads the backend's limits once it answers; until then, batches use the configured size. */
  private open(): Promise<void> {
    this.opened ??= (async () => {
      try {
        const limits = await this.backend.open?.();
        if (limits?.maxBatchSize) this.batchSize = Math.min(this.batchSize, limits.maxBatchSize);
        if (limits) this.validator = createValidator(limits, this.now);
        this.isOpen = true;
      } catch (error) {
        if (!this.openWarned) this.logger.warn({ err: error, backend: this.backend.name }, 'audit backend not ready');
        this.openWarned = true;
        this.opened = undefined;
      }
    })();
    return this.opened;
  }

  private tick(): void {
    this.delivery.logDrops();
    // While a batch is on its way (or waiting for a retry), the next tick will do.
    if (!this.pumping) this.background(this.deliverUntil(this.pushed));
  }

  private kick(): void {
    if (this.kickScheduled || this.pumping) return;
    this.kickScheduled = true;
    setImmediate(() => {
      this.kickScheduled = false;
      this.background(this.deliverUntil(0));
    });
  }

  /** The writer must never crash the service: whatever escapes it is logged. */
  private background(work: Promise<unknown>): void {
    work.catch((error: unknown) => this.logger.error({ err: error }, 'audit writer failed'));
  }

  /** Delivers full batches, and everything up to the `target`-th recorded event. */
  private async deliverUntil(target: number): Promise<void> {
    while (this.pumping) await this.pumping;
    if (this.taken >= target && this.buffer.size < this.batchSize) return;
    this.pumping = this.pump(target).finally(() => {
      this.pumping = undefined;
    });
    await this.pumping;
    if (this.buffer.size >= this.batchSize && !this.abort.signal.aborted) this.kick();
  }

  private async pump(target: number): Promise<void> {
    if (!this.isOpen) await this.open();
    while ((this.buffer.size >= this.batchSize || this.taken < target) && !this.abort.signal.aborted) {
      const batch = this.buffer.take(this.batchSize).map((p) => p.wire());
      if (batch.length === 0) break;
      this.taken += batch.length;
      this.inFlight = batch;
      try {
        await this.deliver(batch);
      } catch (error) {
        // Delivery handles every failure it knows; this is a bug or an unserializable event.
        this.logger.error({ err: error, events: batch.length }, 'audit batch failed unexpectedly');
        await this.delivery.undeliverable(batch, 'undeliverable', (error as Error).message);
      }
      this.inFlight = [];
    }
  }

  private async deliver(batch: WireEvent[]): Promise<void> {
    if (this.mode === 'writer') {
      const { valid, rejected } = this.validator.check(batch);
      if (rejected.size > 0) {
        await this.delivery.reject(batch, rejected, 'refused by local validation');
        batch = valid;
      }
    }
    await this.delivery.send(batch);
  }

  /** Queues one event for the dead-letter store without making record() wait. */
  private spill(event: WireEvent, reason: DeadLetterReason, message: string, problems?: EventRejection[]): void {
    const entry: DeadLetter = { event, reason, message, at: new Date(this.now()).toISOString() };
    if (problems) {
      entry.problems = problems.map(({ field, message: m }) => ({ field, message: m }));
      this.counters.rejected++;
    }
    this.spillQueue.push(entry);
    if (this.spillQueue.length === 1) {
      this.spilling = this.spilling.then(() => {
        const entries = this.spillQueue;
        this.spillQueue = [];
        return this.delivery.toDeadLetter(entries);
      });
    }
  }
}
