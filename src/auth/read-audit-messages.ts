import type { Config } from '../config.js';
import type { ViewWriterOptions } from './view-writer.js';

/** What the read audit's worker thread is started with. */
export interface ReadAuditWorkerSetup {
  config: Config;
  writer: ViewWriterOptions;
}

/** From the gateway's thread to the worker. */
export type ToReadAuditWorker =
  { type: 'view'; view: Record<string, unknown> } | { type: 'flush'; id: number } | { type: 'stop' };

/** From the worker to the gateway's thread. */
export type FromReadAuditWorker =
  /**
   * A write attempt ended: `pending` views queued in the worker, of `received` sent to it in all
   * (it handles them in order, so the first `received - pending` are stored or dropped and logged);
   * the partitions written to since the last report, for the gateway's GIN pending-list cleaner.
   */
  | { type: 'wrote'; pending: number; received: number; partitionsWritten: string[] }
  | { type: 'failed' }
  | { type: 'error'; details: Record<string, unknown>; message: string }
  | { type: 'flushed'; id: number }
  | { type: 'stopped' };
