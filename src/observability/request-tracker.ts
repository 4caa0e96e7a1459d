import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { ErrorCode } from '../errors.js';
import type { GatewayMetrics } from './metrics.js';
import { REQUEST_ID_HEADER } from './request-ids.js';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * Counts HTTP requests in flight so shutdown can wait for them (every acknowledged batch is
 * committed before its answer is sent), gives each request an id (the client's `x-request-id` when
 * sane), and refuses new requests once shutdown has begun.
 */
export class RequestTracker {
  private inFlight = 0;
  private idle: Array<() => void> = [];
  stopping = false;

  constructor(private readonly metrics: GatewayMetrics) {}

  /** Returns false when the request was answered here (shutting down). */
  admit(req: IncomingMessage, res: ServerResponse): boolean {
    const given = req.headers[REQUEST_ID_HEADER];
    const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    // Yoga's Request reads its headers from here: the resolvers and the log lines of errors see it.
    req.headers[REQUEST_ID_HEADER] = id;
    res.setHeader(REQUEST_ID_HEADER, id);
    if (this.stopping) {
      res.writeHead(503, { 'content-type': 'application/json', connection: 'close', 'retry-after': '1' });
      res.end(
        JSON.stringify({
          errors: [
            {
              message: 'the gateway is shutting down; retry on another replica',
              extensions: { code: ErrorCode.ShuttingDown },
            },
          ],
        }),
      );
      req.resume();
      return false;
    }
    this.inFlight++;
    this.metrics.httpInFlight.inc();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      this.inFlight--;
      this.metrics.httpInFlight.dec();
      if (this.inFlight === 0) for (const resolve of this.idle.splice(0)) resolve();
    };
    res.once('finish', finish);
    res.once('close', finish);
    return true;
  }

  /**
   * Stops accepting, waits up to `timeoutMs` for in-flight requests to be answered, then closes
   * every connection.
   */
  async drain(server: Server, timeoutMs: number): Promise<void> {
    this.stopping = true;
    const closed = server.listening ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    server.closeIdleConnections();
    if (this.inFlight > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => this.idle.push(resolve)),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, timeoutMs);
        }),
      ]);
      clearTimeout(timer);
    }
    server.closeAllConnections();
    await closed;
  }
}
