export interface Sequenced {
  readonly sequence: number;
}

/**
 * - `catching-up`: reads the database itself, one page at a time as its consumer asks for more
 *   (a new subscription's replay, or a live one that fell behind its bound);
 * - `live`: fed by the hub's shared read on each wake-up;
 * - `closed`: ended by its consumer or by the hub's stop.
 */
export type SubscriberMode = 'catching-up' | 'live' | 'closed';

export interface SubscriberHooks<T extends Sequenced> {
  /** Reads the page after the subscriber's cursor into its queue, and decides whether it is live again. */
  catchUp(subscriber: Subscriber<T>): Promise<void>;
  /** The consumer is gone: forget the subscriber. */
  closed(subscriber: Subscriber<T>): void;
}

export interface DirectDelivery<T> {
  /**
   * Hands one event straight to the consumer's transport, already serialised for it; false when
   * it cannot take it now (the event is then queued and reaches the consumer through `next()`).
   */
  deliver(event: T): boolean;
}

/** What one `offer` did. */
export interface OfferOutcome {
  /** Events handed to the direct delivery rather than queued. */
  direct: number;
  /** The bound was reached: the subscriber now catches up on its own. */
  full: boolean;
}

/**
 * One subscription's bounded queue, consumed as an async iterator. Its `cursor` is the last
 * sequence it holds or has handed out, and it only ever accepts `cursor + 1`: whoever feeds it
 * (the hub's shared read or its own catch-up read), the consumer sees each sequence once, in order.
 */
export class Subscriber<T extends Sequenced> implements AsyncIterableIterator<T> {
  mode: SubscriberMode = 'catching-up';
  private readonly queue: T[] = [];
  private wake: (() => void) | null = null;
  /** Set by the consumer when its transport can take events without a trip through `next()`. */
  direct: DirectDelivery<T> | undefined;

  constructor(
    /** Last sequence queued or delivered. */
    public cursor: number,
    /** Most events held at once; past it the subscriber falls back to reading at its own pace. */
    readonly limit: number,
    private readonly hooks: SubscriberHooks<T>,
  ) {}

  get buffered(): number {
    return this.queue.length;
  }

  /**
   * Takes the events that continue this subscriber's sequence, until its bound. While the consumer
   * waits in `next()` with nothing queued, everything before the event has been handed out, so the
   * direct delivery (if any) may write it at once: no queue, no promise per event and subscriber.
   * Otherwise the event is queued. A live subscriber that reaches the bound drops back to catching
   * up: it will read the rest itself when its consumer has drained the queue, so the server never
   * holds more than `limit` events for it.
   */
  offer(events: readonly T[]): OfferOutcome {
    const outcome = { direct: 0, full: false };
    if (this.mode === 'closed') return outcome;
    let added = false;
    for (const event of events) {
      if (event.sequence <= this.cursor) continue;
      if (event.sequence !== this.cursor + 1) break;
      if (this.wake !== null && this.queue.length === 0 && this.direct?.deliver(event)) {
        this.cursor = event.sequence;
        outcome.direct++;
        continue;
      }
      if (this.queue.length >= this.limit) {
        this.mode = 'catching-up';
        outcome.full = true;
        break;
      }
      this.queue.push(event);
      this.cursor = event.sequence;
      added = true;
    }
    if (added) this.notify();
    return outcome;
  }

  async next(): Promise<IteratorResult<T>> {
    for (;;) {
      if (this.mode === 'closed') return { done: true, value: undefined };
      const event = this.queue.shift();
      if (event) return { done: false, value: event };
      if (this.mode === 'catching-up') {
        await this.hooks.catchUp(this);
        continue;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  /** Ends the iteration (the consumer left, or the hub stops). */
  close(): void {
    if (this.mode === 'closed') return;
    this.mode = 'closed';
    this.queue.length = 0;
    this.hooks.closed(this);
    this.notify();
  }

  async return(): Promise<IteratorResult<T>> {
    this.close();
    return { done: true, value: undefined };
  }

  async throw(error?: unknown): Promise<IteratorResult<T>> {
    this.close();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
