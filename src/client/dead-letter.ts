import { acquireJsonlFiles, type JsonlFilesHandle } from './backends/jsonl-files.js';
import type { DeadLetter, DeadLetterStore } from './types.js';

export interface FileDeadLetterOptions {
  /** Folder of the files. Default `./audit-dead-letter`. */
  dir?: string;
  /** Rotate before a file passes this size. Default 64 MiB. */
  maxFileBytes?: number;
  /** Epoch milliseconds deciding the (UTC) day of the file. Default `Date.now`. */
  now?: () => number;
}

/** The line format of dead-letter files: the event as it would be sent, and why it was not. */
export interface DeadLetterLine {
  deadLetter: Omit<DeadLetter, 'event'>;
  event: DeadLetter['event'];
}

/**
 * Dead letters as JSON lines: events the gateway refused go to `rejected-*.jsonl` (they need a
 * fix before a replay), all others (gateway unreachable, buffer full) to `dead-letter-*.jsonl`,
 * which `audit-gateway replay` sends once the gateway is back.
 */
export class FileDeadLetterStore implements DeadLetterStore {
  private readonly undelivered: JsonlFilesHandle;
  private readonly rejected: JsonlFilesHandle;

  constructor(options: FileDeadLetterOptions = {}) {
    const common = {
      dir: options.dir ?? 'audit-dead-letter',
      maxFileBytes: options.maxFileBytes ?? 64 * 1024 * 1024,
      now: options.now ?? Date.now,
    };
    this.undelivered = acquireJsonlFiles({ ...common, prefix: 'dead-letter' });
    this.rejected = acquireJsonlFiles({ ...common, prefix: 'rejected' });
  }

  async write(entries: readonly DeadLetter[]): Promise<void> {
    const toLine = ({ event, ...deadLetter }: DeadLetter) => safeJson({ deadLetter, event } satisfies DeadLetterLine);
    await Promise.all([
      this.rejected.append(entries.filter((e) => e.reason === 'rejected').map(toLine)),
      this.undelivered.append(entries.filter((e) => e.reason !== 'rejected').map(toLine)),
    ]);
  }

  async flush(): Promise<void> {
    await Promise.all([this.undelivered.sync(), this.rejected.sync()]);
  }

  async close(): Promise<void> {
    await Promise.all([this.undelivered.release(), this.rejected.release()]);
  }
}

/**
 * JSON for any event, even one JSON cannot hold as it is (a BigInt, a cycle), so that a refused
 * event is still kept: BigInts become strings and repeated objects `"[cycle]"`.
 */
function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    const seen = new WeakSet<object>();
    return JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === 'bigint') return v.toString();
      if (v !== null && typeof v === 'object') {
        if (seen.has(v)) return '[cycle]';
        seen.add(v);
      }
      return v;
    });
  }
}
