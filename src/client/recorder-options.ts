import type { RetryPolicy } from './retry-policy.js';
import type { ClientLogger, DeadLetterStore, EventRejection, StorageBackend, WireEvent } from './types.js';

export interface RecorderOptions {
  /** Where events go. Default: a `FileBackend` in `./audit-events`. */
  backend?: StorageBackend;
  /** Where undeliverable and refused events go. Default: a `FileDeadLetterStore` in `./audit-dead-letter`. */
  deadLetter?: DeadLetterStore;
  /** Events held in memory. Default 10 000. */
  bufferSize?: number;
  /** Events per batch; lowered to the backend's maximum (the gateway's `auditLimits`). Default 500. */
  batchSize?: number;
  /** A partial batch is sent after this long. Default 1000 ms. */
  flushIntervalMs?: number;
  /** Default: 3 attempts, 1 s base delay, doubling, 30 s cap, with jitter. */
  retry?: Partial<RetryPolicy>;
  /**
   * What happens to events that cannot be delivered (buffer full, attempts exhausted):
   * `dead-letter` (default) keeps them in the dead-letter store; `drop` counts and logs them.
   * Events the gateway refuses always go to the dead-letter store, with its reasons.
   */
  undeliverable?: 'dead-letter' | 'drop';
  /**
   * When events are checked against the gateway's rules: `writer` (default) in the background,
   * before each batch is sent, which keeps `record()` to well under 2 µs; `record` at once, so that
   * `record()` answers `invalid` with the problems (costs tens of µs per event).
   */
  validate?: 'writer' | 'record';
  /** Clock for ids, timestamps and the accepted time window: epoch ms with a fraction. */
  now?: () => number;
  /** Default: console. */
  logger?: ClientLogger;
  /** For jitter; default Math.random. */
  random?: () => number;
}

export type RecordStatus =
  /** In the buffer; the writer will send it. */
  | 'buffered'
  /** The buffer was full: it goes to the dead-letter store. */
  | 'spilled'
  /** Lost, counted and logged (drop policy with a full buffer, or the recorder is closed). */
  | 'dropped'
  /** Refused by local validation (only with `validate: 'record'`); it goes to the dead-letter store. */
  | 'invalid';

export interface RecordReceipt {
  eventId: string;
  eventTimestamp: string;
  status: RecordStatus;
  problems?: EventRejection[];
}

export interface FlushReport {
  sent: number;
  duplicates: number;
  deadLettered: number;
  dropped: number;
}

export interface CloseReport extends FlushReport {
  /** True when the timeout cut delivery short. */
  timedOut: boolean;
  /** Events recorded but not delivered to the backend: dead-lettered, dropped, or in flight at the timeout. */
  undelivered: WireEvent[];
}
