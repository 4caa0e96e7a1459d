import { BatchTooLargeError, DeliveryError, RejectedEventsError } from './errors.js';
import { type RetryPolicy, retryDelay, sleep } from './retry-policy.js';
import type { Counters } from './stats.js';
import type {
  ClientLogger,
  DeadLetter,
  DeadLetterReason,
  DeadLetterStore,
  EventRejection,
  StorageBackend,
  WireEvent,
} from './types.js';

export interface DeliveryOptions {
  backend: StorageBackend;
  deadLetter: DeadLetterStore;
  policy: RetryPolicy;
  /** `drop`: undeliverable events are counted and logged instead of dead-lettered. */
  dropUndeliverable: boolean;
  counters: Counters;
  logger: ClientLogger;
  now: () => number;
  random: () => number;
  /** Aborted by close() after its timeout: retries stop and batches are dead-lettered at once. */
  signal: AbortSignal;
  /** Called when the backend says batches must be smaller. */
  onBatchLimit: (maxBatchSize: number) => void;
}

/**
 * What happens to a batch once it leaves the buffer: sent with retries, split when some events are
 * refused or the batch is too large, and dead-lettered (or dropped and counted) when it cannot be
 * delivered. Never throws.
 */
export class Delivery {
  /** Set by metrics registration: seconds per successful backend write. */
  onWriteDuration: ((seconds: number) => void) | undefined;
  /** While set (during close()), collects every event that was not delivered. */
  undeliveredLog: WireEvent[] | undefined;
  private unloggedDrops = 0;
  private lastDropReason = '';

  constructor(private readonly o: DeliveryOptions) {}

  async send(batch: WireEvent[]): Promise<void> {
    const { backend, counters, policy, signal } = this.o;
    let attempt = 1;
    while (batch.length > 0) {
      const started = performance.now();
      try {
        const result = await backend.write(batch);
        counters.sent += result.recorded;
        counters.duplicates += result.duplicates;
        this.onWriteDuration?.((performance.now() - started) / 1000);
        return;
      } catch (error) {
        if (error instanceof RejectedEventsError) {
          const refused = rejectionsByIndex(error, batch.length);
          await this.reject(batch, refused, error.message);
          batch = batch.filter((_, i) => !refused.has(i));
          attempt = 1;
          continue;
        }
        if (error instanceof BatchTooLargeError && batch.length > 1) {
          if (error.maxBatchSize) this.o.onBatchLimit(error.maxBatchSize);
          const half = Math.ceil(batch.length / 2);
          await this.send(batch.slice(0, half));
          await this.send(batch.slice(half));
          return;
        }
        if (error instanceof BatchTooLargeError) {
          await this.reject(
            batch,
            new Map([[0, [{ index: 0, field: 'event', message: error.message }]]]),
            error.message,
          );
          return;
        }
        const retryable = !(error instanceof DeliveryError) || error.retryable;
        if (retryable && attempt < policy.maxAttempts && !signal.aborted) {
          counters.retries++;
          const hint = error instanceof DeliveryError ? error.retryAfterMs : undefined;
          await sleep(retryDelay(policy, attempt, hint, this.o.random), signal);
          attempt++;
          continue;
        }
        counters.failedBatches++;
        const message = error instanceof Error ? error.message : String(error);
        this.o.logger.warn({ err: error, events: batch.length, attempts: attempt }, 'audit batch undeliverable');
        await this.undeliverable(batch, 'undeliverable', `${attempt} attempt(s) failed: ${message}`);
        return;
      }
    }
  }

  /** Refused events always go to the dead-letter store, with the reasons. */
  async reject(batch: readonly WireEvent[], byIndex: Map<number, EventRejection[]>, message: string): Promise<void> {
    const at = new Date(this.o.now()).toISOString();
    const entries: DeadLetter[] = [];
    for (const [index, problems] of byIndex) {
      entries.push({
        event: batch[index] as WireEvent,
        reason: 'rejected',
        message,
        problems: problems.map(({ field, message: m }) => ({ field, message: m })),
        at,
      });
    }
    this.o.counters.rejected += entries.length;
    await this.toDeadLetter(entries);
  }

  /** Attempts exhausted, or closing: dead-letter, or drop under the drop policy. */
  async undeliverable(events: readonly WireEvent[], reason: DeadLetterReason, message: string): Promise<void> {
    if (events.length === 0) return;
    if (this.o.dropUndeliverable) {
      this.drop(events, message);
      this.logDrops();
      return;
    }
    const at = new Date(this.o.now()).toISOString();
    await this.toDeadLetter(events.map((event) => ({ event, reason, message, at })));
  }

  async toDeadLetter(entries: DeadLetter[]): Promise<void> {
    if (entries.length === 0) return;
    const { counters } = this.o;
    try {
      await this.o.deadLetter.write(entries);
      counters.deadLettered += entries.length;
      for (const e of entries) if (e.reason === 'overflow') counters.spilled++;
    } catch (error) {
      counters.dropped += entries.length;
      this.o.logger.error(
        { err: error, events: entries.length, eventIds: entries.map((e) => e.event.eventId) },
        'could not write audit events to the dead-letter store: they are lost',
      );
    }
    this.undeliveredLog?.push(...entries.map((e) => e.event));
  }

  /** Counts a drop now; the log line comes from logDrops(), so that record() never waits on a logger. */
  drop(events: readonly WireEvent[], why: string): void {
    this.o.counters.dropped += events.length;
    this.unloggedDrops += events.length;
    this.lastDropReason = why;
    this.undeliveredLog?.push(...events);
  }

  /** Logs the drops since the last call, in one line: called every flush interval and at close. */
  logDrops(): void {
    if (this.unloggedDrops === 0) return;
    this.o.logger.warn(
      { dropped: this.unloggedDrops, droppedTotal: this.o.counters.dropped, reason: this.lastDropReason },
      'dropped audit events',
    );
    this.unloggedDrops = 0;
  }
}

function rejectionsByIndex(error: RejectedEventsError, size: number): Map<number, EventRejection[]> {
  const byIndex = new Map<number, EventRejection[]>();
  for (const r of error.rejections) {
    if (r.index >= 0 && r.index < size) byIndex.set(r.index, [...(byIndex.get(r.index) ?? []), r]);
  }
  if (byIndex.size === 0) {
    // Refused without naming an event of the batch: none of it can be trusted to succeed.
    for (let index = 0; index < size; index++) byIndex.set(index, [{ index, field: 'event', message: error.message }]);
  }
  return byIndex;
}
