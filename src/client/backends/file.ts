import type { StorageBackend, WireEvent, WriteResult } from '../types.js';
import { acquireJsonlFiles, type JsonlFilesHandle } from './jsonl-files.js';

export interface FileBackendOptions {
  /** Folder of the files. Default `./audit-events`. */
  dir?: string;
  /** File name prefix. Default `audit` (files `audit-YYYY-MM-DD.0000.jsonl`). */
  prefix?: string;
  /** Rotate before a file passes this size. Default 64 MiB. */
  maxFileBytes?: number;
  /** Epoch milliseconds deciding the (UTC) day of the file. Default `Date.now`. */
  now?: () => number;
}

/**
 * One JSON event per line, one file per UTC day, rotated by size too. `flush()` fsyncs. Safe for
 * several backends (and recorders) on the same folder in one process. The files can be sent to a
 * gateway later with `audit-gateway replay <dir>`.
 */
export class FileBackend implements StorageBackend {
  readonly name = 'file';
  private readonly files: JsonlFilesHandle;

  constructor(options: FileBackendOptions = {}) {
    this.files = acquireJsonlFiles({
      dir: options.dir ?? 'audit-events',
      prefix: options.prefix ?? 'audit',
      maxFileBytes: options.maxFileBytes ?? 64 * 1024 * 1024,
      now: options.now ?? Date.now,
    });
  }

  async write(events: readonly WireEvent[]): Promise<WriteResult> {
    await this.files.append(events.map((e) => JSON.stringify(e)));
    return { recorded: events.length, duplicates: 0 };
  }

  flush(): Promise<void> {
    return this.files.sync();
  }

  close(): Promise<void> {
    return this.files.release();
  }

  /** The file the next write goes to, once one was opened. */
  get currentPath(): string | undefined {
    return this.files.currentPath;
  }
}
