import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import type { IngestDeps } from '../resolvers/record-events.js';
import { ReadAuditThread } from './read-audit-thread.js';
import { type ReadView, viewEvent } from './read-view-event.js';
import { ViewWriter, type ViewWriterOptions, type ViewWriterReports } from './view-writer.js';

export interface ReadAuditOptions extends ViewWriterOptions {
  /**
   * The longest a write's validation and hashing run between two turns of the event loop, when
   * views are written on it. Default 0.5 ms, a quarter of a client batch's: a read arriving during
   * a slice waits for all of it (bench/README.md, "The read audit in smaller slices").
   */
  cpuSliceMs?: number;
  /**
   * Write views from a worker thread with connections of its own (default on PostgreSQL; the
   * embedded engine has one connection, in this thread). Each view costs the gateway's thread
   * only its building and a message then (bench/README.md, "The read audit in a worker thread").
   */
  thread?: boolean;
}

/**
 * Records every credentialed read as an `audit.log.viewed` event, off the request's hot path:
 * views are queued and written in batches, through the ingest path every client batch takes.
 */
export interface ReadAudit {
  record(view: ReadView): void;
  /** Resolves when the views recorded so far are stored (or a write failed and they are kept). */
  flush(): Promise<void>;
  /** Writes what is left; call after requests have stopped. What it cannot write is logged. */
  stop(): Promise<void>;
}

export function createReadAudit(
  config: Config,
  ingest: IngestDeps,
  logger: Logger,
  metrics: GatewayMetrics,
  options: ReadAuditOptions = {},
): ReadAudit {
  const { thread = config.database.kind === 'postgres', cpuSliceMs = 0.5, ...writer } = options;
  // Bytes of arguments a view records in all: half of what an event's payload may hold.
  const argumentsBudget = Math.floor(config.limits.maxEventDataBytes / 2);
  const reports: ViewWriterReports = {
    error: (details, message) => logger.error(details, message),
    failed: () => metrics.readAuditFailures.inc(),
    wrote: (pending) => metrics.readAuditPending.set(pending),
  };
  const inThread = () =>
    new ReadAuditInThread(new ViewWriter({ ...ingest, cpuSliceMs }, reports, writer), argumentsBudget, metrics);
  if (thread && config.database.kind === 'postgres') {
    return new ReadAuditThread(config, argumentsBudget, writer, logger, metrics, ingest.partitions, inThread);
  }
  return inThread();
}

/** The read audit on the gateway's thread: the embedded engine's, and PostgreSQL's once its worker has died. */
export class ReadAuditInThread implements ReadAudit {
  constructor(
    private readonly views: ViewWriter,
    private readonly argumentsBudget: number,
    private readonly metrics: GatewayMetrics,
  ) {}

  record(view: ReadView): void {
    this.enqueue([viewEvent(view, this.argumentsBudget)]);
  }

  /** Views already built (those a dead worker had not stored). */
  enqueue(events: Iterable<Record<string, unknown>>): void {
    for (const event of events) this.views.enqueue(event);
    this.metrics.readAuditPending.set(this.views.pending);
  }

  flush(): Promise<void> {
    return this.views.flush();
  }

  stop(): Promise<void> {
    return this.views.stop();
  }
}
