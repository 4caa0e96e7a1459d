import type { Logger } from 'pino';
import type { StoredAuditEvent } from '../resolvers/get-event.js';
import { type OfferOutcome, Subscriber, type SubscriberHooks } from './subscriber.js';
import type { TimelineSource } from './timeline-source.js';

export interface LiveHubOptions {
  /** Events held per subscriber before it falls back to reading the database itself. Default 256. */
  queueLimit?: number;
  /** How often the heads of followed correlations are re-read, in case a notification was lost. Default 15 s. */
  recheckIntervalMs?: number;
  /** Wait before retrying a failed shared read. Default 1 s. */
  retryDelayMs?: number;
  /**
   * Called after each shared read with the age (seconds since commit) of the newest event handed
   * to live subscribers, and with 0 when a topic has caught up: the delivery-lag gauge.
   */
  onDeliveryLag?: (seconds: number) => void;
}

export interface LiveHubStats {
  correlations: number;
  subscribers: number;
  /** Subscribers fed by the shared read (the others are replaying or catching up on their own). */
  liveSubscribers: number;
  /** Events held in subscriber queues right now. */
  bufferedEvents: number;
  /** The most events any one subscriber has held at once since start. */
  peakSubscriberBuffered: number;
  /** Reads made once per wake-up for all live subscribers of a correlation. */
  sharedReads: number;
  /** Reads a subscriber made for itself (replay, or catching up after its queue was full). */
  catchUpReads: number;
  /** Times a live subscriber hit its bound and fell back to catching up. */
  overflows: number;
  /** Events written straight to a waiting consumer's transport rather than through its queue. */
  directDeliveries: number;
}

type LiveSubscriber = Subscriber<StoredAuditEvent>;

interface Topic {
  readonly correlationId: string;
  readonly subscribers: Set<LiveSubscriber>;
  /** The highest sequence known to be committed (from notifications and reads). */
  knownHead: number;
  reading: boolean;
  /** A wake-up arrived during a read: read again when it ends. */
  again: boolean;
  retry: NodeJS.Timeout | undefined;
  /** Shared by the topic's subscribers (one pair of closures per correlation, not per subscriber). */
  hooks: SubscriberHooks<StoredAuditEvent>;
}

/**
 * One per process: one LISTEN, a topic per followed correlation. Notifications only wake it; the
 * database is the truth. On a wake-up it reads a correlation's events above the lowest cursor of
 * its live subscribers once, and offers that one page (the same event objects) to each of them.
 */
export class LiveHub {
  private readonly topics = new Map<string, Topic>();
  private readonly queueLimit: number;
  private readonly recheckIntervalMs: number;
  private readonly retryDelayMs: number;
  private unlisten: (() => Promise<void>) | undefined;
  private recheckTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly counters = {
    peakSubscriberBuffered: 0,
    sharedReads: 0,
    catchUpReads: 0,
    overflows: 0,
    directDeliveries: 0,
  };

  private readonly onDeliveryLag: ((seconds: number) => void) | undefined;

  constructor(
    private readonly source: TimelineSource,
    private readonly logger: Logger,
    options: LiveHubOptions = {},
  ) {
    this.queueLimit = options.queueLimit ?? 256;
    this.recheckIntervalMs = options.recheckIntervalMs ?? 15_000;
    this.retryDelayMs = options.retryDelayMs ?? 1_000;
    this.onDeliveryLag = options.onDeliveryLag;
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.unlisten = await this.source.listen(this.onNotification);
    this.recheckTimer = setInterval(() => void this.recheck(), this.recheckIntervalMs);
    this.recheckTimer.unref();
  }

  /** Stops listening and ends every subscription (their streams complete). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.recheckTimer);
    for (const topic of this.topics.values()) {
      clearTimeout(topic.retry);
      for (const subscriber of topic.subscribers) subscriber.close();
    }
    this.topics.clear();
    const unlisten = this.unlisten;
    this.unlisten = undefined;
    await unlisten?.();
  }

  /**
   * Follows one correlation: replays the events after `afterSequence` (or, when it is null, starts
   * after the current head), then continues live. The subscriber is registered before the head is
   * read, so no notification can fall between the two.
   */
  async subscribe(
    correlationId: string,
    afterSequence: number | null,
  ): Promise<AsyncIterableIterator<StoredAuditEvent>> {
    const topic = this.topicFor(correlationId);
    const subscriber = new Subscriber<StoredAuditEvent>(afterSequence ?? 0, this.queueLimit, topic.hooks);
    topic.subscribers.add(subscriber);
    if (afterSequence === null) {
      try {
        subscriber.cursor = (await this.source.heads([correlationId])).get(correlationId) ?? 0;
      } catch (error) {
        subscriber.close();
        throw error;
      }
      // Nothing to replay unless a notification arrived during the read: live at once, no catch-up read.
      if (subscriber.mode === 'catching-up' && subscriber.cursor >= topic.knownHead) subscriber.mode = 'live';
    }
    return subscriber;
  }

  stats(): LiveHubStats {
    let subscribers = 0;
    let liveSubscribers = 0;
    let bufferedEvents = 0;
    for (const topic of this.topics.values()) {
      subscribers += topic.subscribers.size;
      for (const s of topic.subscribers) {
        bufferedEvents += s.buffered;
        if (s.mode === 'live') liveSubscribers++;
      }
    }
    return {
      correlations: this.topics.size,
      subscribers,
      liveSubscribers,
      bufferedEvents,
      ...this.counters,
    };
  }

  /** Subscribers of one correlation fed by the shared read: those that have finished their replay. */
  liveSubscribersOf(correlationId: string): number {
    let live = 0;
    for (const s of this.topics.get(correlationId)?.subscribers ?? []) if (s.mode === 'live') live++;
    return live;
  }

  private readonly onNotification = (payload: string): void => {
    let pairs: unknown;
    try {
      pairs = JSON.parse(payload);
    } catch {
      this.logger.warn({ payload }, 'ignored a malformed audit notification');
      return;
    }
    if (!Array.isArray(pairs)) return;
    for (const pair of pairs) {
      if (!Array.isArray(pair)) continue;
      const [correlationId, lastSequence] = pair as unknown[];
      if (typeof correlationId !== 'string' || typeof lastSequence !== 'number') continue;
      const topic = this.topics.get(correlationId);
      if (topic) this.advance(topic, lastSequence);
    }
  };

  private advance(topic: Topic, head: number): void {
    if (head > topic.knownHead) topic.knownHead = head;
    void this.pump(topic);
  }

  /** A safety net for notifications lost while the LISTEN connection was down. */
  private async recheck(): Promise<void> {
    const followed = [...this.topics.values()].filter((t) => t.subscribers.size > 0);
    if (followed.length === 0) return;
    try {
      const heads = await this.source.heads(followed.map((t) => t.correlationId));
      for (const topic of followed) {
        const head = heads.get(topic.correlationId);
        if (head !== undefined && head > topic.knownHead) this.advance(topic, head);
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'could not re-read the heads of followed correlations');
    }
  }

  /** The shared read: once per wake-up, for every live subscriber of the topic. */
  private async pump(topic: Topic): Promise<void> {
    if (topic.reading) {
      topic.again = true;
      return;
    }
    topic.reading = true;
    try {
      for (;;) {
        topic.again = false;
        const from = lowestLiveCursorBehind(topic);
        if (from === null || this.stopped) break;
        const events = await this.source.readAfter(topic.correlationId, from, this.queueLimit);
        this.counters.sharedReads++;
        this.noteRead(topic, events);
        for (const subscriber of topic.subscribers) {
          if (subscriber.mode !== 'live') continue;
          this.noteOffer(subscriber, subscriber.offer(events));
        }
        const newest = events.at(-1);
        this.onDeliveryLag?.(newest ? Math.max(0, (Date.now() - Date.parse(newest.recordedAt)) / 1000) : 0);
        // Nothing above the cursor although a notification said so: wait for the next wake-up.
        if (events.length === 0 && !topic.again) break;
      }
    } catch (error) {
      this.logger.error({ err: error, correlationId: topic.correlationId }, 'live read failed; retrying');
      clearTimeout(topic.retry);
      topic.retry = setTimeout(() => void this.pump(topic), this.retryDelayMs);
      topic.retry.unref();
    } finally {
      topic.reading = false;
    }
  }

  /** What a topic's subscribers call back: one pair of functions per hub, given the topic. */
  private readonly topicCallbacks: TopicCallbacks = {
    catchUp: async (topic, subscriber) => {
      const events = await this.source.readAfter(topic.correlationId, subscriber.cursor, this.queueLimit);
      this.counters.catchUpReads++;
      this.noteRead(topic, events);
      this.noteOffer(subscriber, subscriber.offer(events));
      if (subscriber.mode !== 'catching-up' || events.length === this.queueLimit) return;
      // Synchronous with the check: a notification either arrived before (knownHead is ahead, so
      // read again) or will arrive after and find this subscriber live.
      if (subscriber.cursor >= topic.knownHead) subscriber.mode = 'live';
      else if (events.length === 0) {
        // Announced but not visible yet: let the hub's next read serve it rather than spin here.
        subscriber.mode = 'live';
        void this.pump(topic);
      }
    },
    closed: (topic, subscriber) => {
      topic.subscribers.delete(subscriber);
      if (topic.subscribers.size === 0 && this.topics.get(topic.correlationId) === topic) {
        clearTimeout(topic.retry);
        this.topics.delete(topic.correlationId);
      }
    },
  };

  private topicFor(correlationId: string): Topic {
    let topic = this.topics.get(correlationId);
    if (!topic) {
      topic = {
        correlationId,
        subscribers: new Set(),
        knownHead: 0,
        reading: false,
        again: false,
        retry: undefined,
        hooks: NO_HOOKS,
      };
      topic.hooks = new TopicHooks(topic, this.topicCallbacks);
      this.topics.set(correlationId, topic);
    }
    return topic;
  }

  private noteRead(topic: Topic, events: readonly StoredAuditEvent[]): void {
    const last = events.at(-1);
    if (last && last.sequence > topic.knownHead) topic.knownHead = last.sequence;
  }

  private noteOffer(subscriber: LiveSubscriber, outcome: OfferOutcome): void {
    if (outcome.full) this.counters.overflows++;
    this.counters.directDeliveries += outcome.direct;
    if (subscriber.buffered > this.counters.peakSubscriberBuffered) {
      this.counters.peakSubscriberBuffered = subscriber.buffered;
    }
  }
}

const NO_HOOKS: SubscriberHooks<StoredAuditEvent> = { catchUp: async () => {}, closed: () => {} };

interface TopicCallbacks {
  catchUp(topic: Topic, subscriber: LiveSubscriber): Promise<void>;
  closed(topic: Topic, subscriber: LiveSubscriber): void;
}

/**
 * A topic's hooks as a small object over the hub's shared callbacks, not two closures per topic:
 * under tsx every closure made from a named function expression gets its own `name` property
 * (esbuild's keepNames), about 300 bytes each.
 */
class TopicHooks implements SubscriberHooks<StoredAuditEvent> {
  constructor(
    private readonly topic: Topic,
    private readonly callbacks: TopicCallbacks,
  ) {}

  catchUp(subscriber: LiveSubscriber): Promise<void> {
    return this.callbacks.catchUp(this.topic, subscriber);
  }

  closed(subscriber: LiveSubscriber): void {
    this.callbacks.closed(this.topic, subscriber);
  }
}

function lowestLiveCursorBehind(topic: Topic): number | null {
  let lowest: number | null = null;
  for (const s of topic.subscribers) {
    if (s.mode === 'live' && s.cursor < topic.knownHead && (lowest === null || s.cursor < lowest)) lowest = s.cursor;
  }
  return lowest;
}
