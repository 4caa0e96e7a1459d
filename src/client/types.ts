import type { AuditEventInput, AuditEventOutcome } from '../../generated/graphql/graphql.js';

export type { AuditEventOutcome };

/**
 * What a service hands to `record()`: the gateway's `AuditEventInput`, with `eventId` and
 * `eventTimestamp` optional (the recorder fills them in).
 */
export type AuditEvent = Omit<AuditEventInput, 'eventId' | 'eventTimestamp'> & {
  eventId?: string | null;
  eventTimestamp?: string | null;
};

/** An event as it travels to a backend: id and timestamp fixed, so every retry is idempotent. */
export type WireEvent = AuditEventInput & { eventId: string; eventTimestamp: string };

/** What a backend reports for a batch it stored. */
export interface WriteResult {
  /** Events stored by this call. */
  recorded: number;
  /** Events that were already stored (a retry after a lost answer); nothing new was written. */
  duplicates: number;
}

/** Limits a backend can announce; the recorder never sends more than `maxBatchSize` at once. */
export interface BackendLimits {
  maxBatchSize?: number;
  maxEventDataBytes?: number;
  maxEventDataDepth?: number;
  maxEventAgeMs?: number;
  maxEventFutureMs?: number;
}

/**
 * The storage protocol every backend implements (the seed's `StorageBackend`).
 *
 * Lifecycle: `open()` (optional) once, before the first write, may be retried if it fails;
 * `write()` is never called concurrently by one recorder; `flush()` makes written events durable;
 * `close()` once, after the last write.
 *
 * Errors: `write()` resolves only when every event is stored. It throws a `RejectedEventsError`
 * naming the events that can never be stored (the others are re-sent), a `BatchTooLargeError` to
 * have the batch split, a `DeliveryError` with `retryable: false` to skip retries, and anything
 * else to have the whole batch retried with backoff, then dead-lettered.
 */
export interface StorageBackend {
  /** Shown in logs and metrics. */
  readonly name: string;
  /** Reads limits, opens connections or files. */
  open?(): Promise<BackendLimits | undefined>;
  write(events: readonly WireEvent[]): Promise<WriteResult>;
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** One problem with one event of a batch, as the gateway names it. */
export interface EventRejection {
  index: number;
  field: string;
  message: string;
}

/** Why an event went to the dead-letter store. */
export type DeadLetterReason =
  /** The gateway (or local validation) refused it: replaying it unchanged will fail again. */
  | 'rejected'
  /** Retries were exhausted, or the recorder closed before it could be delivered. */
  | 'undeliverable'
  /** The in-memory buffer was full. */
  | 'overflow';

export interface DeadLetter {
  event: WireEvent;
  reason: DeadLetterReason;
  message: string;
  problems?: Array<{ field: string; message: string }>;
  /** When it was dead-lettered (UTC ISO). */
  at: string;
}

/** Where events go that could not be delivered: a file store by default. */
export interface DeadLetterStore {
  write(entries: readonly DeadLetter[]): Promise<void>;
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** A pino-compatible logger; the recorder logs every drop and every dead-letter failure. */
export interface ClientLogger {
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

export const consoleLogger: ClientLogger = {
  warn: (details, message) => console.warn(`[audit-client] ${message}`, details),
  error: (details, message) => console.error(`[audit-client] ${message}`, details),
};
