import type { EventRejection } from './types.js';

/** A failed write. Retryable unless said otherwise; `retryAfterMs` is the server's hint. */
export class DeliveryError extends Error {
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options: { retryable?: boolean; retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'DeliveryError';
    this.retryable = options.retryable ?? true;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Some events of the batch can never be stored; nothing of the batch was stored. */
export class RejectedEventsError extends Error {
  constructor(
    message: string,
    readonly rejections: readonly EventRejection[],
  ) {
    super(message);
    this.name = 'RejectedEventsError';
  }
}

/** The batch is too large (count or bytes); nothing was stored. Split it and try again. */
export class BatchTooLargeError extends Error {
  constructor(
    message: string,
    readonly maxBatchSize?: number,
  ) {
    super(message);
    this.name = 'BatchTooLargeError';
  }
}
