import { print } from 'graphql';
import { ClientAuditLimits, ClientRecordAuditEvents } from '../documents.js';
import { BatchTooLargeError, DeliveryError, RejectedEventsError } from '../errors.js';
import type { BackendLimits, EventRejection, StorageBackend, WireEvent, WriteResult } from '../types.js';

export interface GatewayBackendOptions {
  /** The GraphQL endpoint, e.g. `http://audit-gateway:4000/graphql`. */
  url: string;
  /** Bearer token, or a function returning the current one (called for every request). */
  token?: string | (() => string | Promise<string>);
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** Per-request timeout. Default 10 000 ms. */
  timeoutMs?: number;
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
}

interface GraphQLBody<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
  /** From the Retry-After header, for coded errors that carry no hint of their own. */
  retryAfterMs?: number | undefined;
}

const RECORD = print(ClientRecordAuditEvents);
const LIMITS = print(ClientAuditLimits);

/**
 * Sends batches to the gateway's `recordAuditEvents`. Reads `auditLimits` before the first batch
 * (and again after a BATCH_TOO_LARGE), so it never sends more than the gateway accepts.
 */
export class GatewayBackend implements StorageBackend {
  readonly name = 'gateway';
  private limits: (BackendLimits & { maxBodyBytes: number }) | undefined;

  constructor(private readonly options: GatewayBackendOptions) {}

  /** Reads the gateway's limits; throws a retryable DeliveryError when it cannot. */
  open(): Promise<BackendLimits> {
    return this.readLimits();
  }

  private async readLimits(): Promise<BackendLimits & { maxBodyBytes: number }> {
    const body = await this.post<{
      auditLimits: {
        maxBatchSize: number;
        maxBodyBytes: number;
        maxEventDataBytes: number;
        maxEventDataDepth: number;
        maxEventAgeSeconds: number;
        maxEventFutureSeconds: number;
      };
    }>(JSON.stringify({ query: LIMITS }));
    const l = body.data?.auditLimits;
    if (!l) throw this.errorFrom(body, 'auditLimits');
    const limits = {
      maxBatchSize: l.maxBatchSize,
      maxBodyBytes: l.maxBodyBytes,
      maxEventDataBytes: l.maxEventDataBytes,
      maxEventDataDepth: l.maxEventDataDepth,
      maxEventAgeMs: l.maxEventAgeSeconds * 1000,
      maxEventFutureMs: l.maxEventFutureSeconds * 1000,
    };
    this.limits = limits;
    return limits;
  }

  async write(events: readonly WireEvent[]): Promise<WriteResult> {
    const limits = this.limits ?? (await this.readLimits());
    if (limits.maxBatchSize !== undefined && events.length > limits.maxBatchSize) {
      throw new BatchTooLargeError(`the gateway accepts ${limits.maxBatchSize} events per batch`, limits.maxBatchSize);
    }
    const payload = JSON.stringify({ query: RECORD, variables: { events } });
    if (Buffer.byteLength(payload) > limits.maxBodyBytes) {
      if (events.length > 1) throw new BatchTooLargeError(`the batch exceeds ${limits.maxBodyBytes} bytes`);
      throw new RejectedEventsError('the event alone exceeds the request size limit', [
        { index: 0, field: 'event', message: `must fit in ${limits.maxBodyBytes} bytes of request` },
      ]);
    }
    const body = await this.post<{ recordAuditEvents: { recordedCount: number; duplicateCount: number } }>(payload);
    const result = body.data?.recordAuditEvents;
    if (!result) throw this.errorFrom(body, 'recordAuditEvents', events.length);
    return { recorded: result.recordedCount, duplicates: result.duplicateCount };
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {}

  private async post<T>(payload: string): Promise<GraphQLBody<T>> {
    const { token, headers = {}, timeoutMs = 10_000, fetch: doFetch = fetch } = this.options;
    const bearer = typeof token === 'function' ? await token() : token;
    let response: Response;
    try {
      response = await doFetch(this.options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          ...(bearer && { authorization: `Bearer ${bearer}` }),
          ...headers,
        },
        body: payload,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new DeliveryError(`gateway unreachable: ${(error as Error).message}`, { cause: error });
    }
    // A proxy in front of the gateway may refuse the size without a GraphQL body.
    if (response.status === 413) throw new BatchTooLargeError('the gateway refused the request size');
    let body: GraphQLBody<T>;
    try {
      body = (await response.json()) as GraphQLBody<T>;
    } catch (error) {
      throw new DeliveryError(`gateway answered ${response.status} without a GraphQL body`, {
        cause: error,
        retryable: response.status >= 500 || response.status === 429,
        retryAfterMs: retryAfterHeader(response.headers.get('retry-after')),
      });
    }
    if (response.status === 429 && !body.errors?.length) {
      throw new DeliveryError('rate limited', { retryAfterMs: retryAfterHeader(response.headers.get('retry-after')) });
    }
    if (response.status >= 500 && !body.errors?.length) throw new DeliveryError(`gateway answered ${response.status}`);
    return { ...body, retryAfterMs: retryAfterHeader(response.headers.get('retry-after')) };
  }

  /** Maps the gateway's closed set of error codes to what the recorder should do. */
  private errorFrom(body: GraphQLBody<unknown>, field: string, batchSize = 0): Error {
    const error = body.errors?.[0];
    if (!error) return new DeliveryError(`gateway answered no ${field} and no error`);
    const ext = error.extensions ?? {};
    const invalid = Array.isArray(ext.invalidEvents) ? (ext.invalidEvents as EventRejection[]) : undefined;
    switch (ext.code) {
      case 'BAD_USER_INPUT':
        return new RejectedEventsError(
          error.message,
          invalid ??
            Array.from({ length: batchSize }, (_, index) => ({ index, field: 'event', message: error.message })),
        );
      case 'EVENT_ID_CONFLICT':
        // Without indexes it was a race with a concurrent batch: a retry resolves it.
        return invalid ? new RejectedEventsError(error.message, invalid) : new DeliveryError(error.message);
      case 'BATCH_TOO_LARGE':
      case 'PAYLOAD_TOO_LARGE': {
        const max =
          typeof ext.maxBatchSize === 'number' && ext.code === 'BATCH_TOO_LARGE' ? ext.maxBatchSize : undefined;
        if (max !== undefined && this.limits) this.limits.maxBatchSize = max;
        return new BatchTooLargeError(error.message, max);
      }
      case 'RATE_LIMITED': {
        const seconds = typeof ext.retryAfter === 'number' ? ext.retryAfter : undefined;
        return new DeliveryError(error.message, {
          retryAfterMs: seconds !== undefined ? seconds * 1000 : body.retryAfterMs,
        });
      }
      case 'UNAUTHENTICATED':
      case 'FORBIDDEN':
        return new DeliveryError(error.message, { retryable: false });
      default:
        // RETRYABLE_CONFLICT, and masked internal errors (e.g. the database is down).
        return new DeliveryError(error.message);
    }
  }
}

/** `Retry-After` as seconds or as an HTTP date, in milliseconds from now. */
function retryAfterHeader(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
