import { mkdir, open, readdir, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export interface JsonlFilesOptions {
  dir: string;
  /** File names are `<prefix>-YYYY-MM-DD.NNNN.jsonl` (UTC day, then a counter for size rotation). */
  prefix: string;
  /** A file is rotated before a write would take it past this size. */
  maxFileBytes: number;
  /** Epoch milliseconds; decides the day of the file. */
  now: () => number;
}

interface OpenFile {
  day: string;
  seq: number;
  path: string;
  handle: FileHandle;
  size: number;
}

export const jsonlFileName = (prefix: string, day: string, seq: number) =>
  `${prefix}-${day}.${String(seq).padStart(4, '0')}.jsonl`;

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Appends JSON lines to daily files, rotating by UTC day and by size. Appends are serialized, and
 * each one is a single write of whole lines, so concurrent callers never interleave lines.
 */
class JsonlFiles {
  private current: OpenFile | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  refs = 0;

  constructor(private readonly options: JsonlFilesOptions) {}

  append(lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return Promise.resolve();
    return this.serialize(() => this.appendNow(Buffer.from(`${lines.join('\n')}\n`)));
  }

  /** fsync: what was appended survives a crash. */
  sync(): Promise<void> {
    return this.serialize(async () => {
      await this.current?.handle.sync();
    });
  }

  close(): Promise<void> {
    return this.serialize(() => this.closeCurrent());
  }

  /** The file the next append goes to (for tests and tools). */
  get currentPath(): string | undefined {
    return this.current?.path;
  }

  private serialize<T>(op: () => Promise<T>): Promise<T> {
    const run = this.tail.then(op);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async appendNow(data: Buffer): Promise<void> {
    const day = utcDay(this.options.now());
    if (this.current?.day !== day) {
      await this.closeCurrent();
      this.current = await this.openLatest(day);
    }
    let file = this.current as OpenFile;
    if (file.size > 0 && file.size + data.length > this.options.maxFileBytes) {
      await this.closeCurrent();
      file = this.current = await this.openFile(day, file.seq + 1);
    }
    try {
      let written = 0;
      while (written < data.length) {
        const { bytesWritten } = await file.handle.write(data, written);
        written += bytesWritten;
      }
      file.size += data.length;
    } catch (error) {
      // A half-written line may remain; start a fresh file so the next append begins on a line.
      await this.closeCurrent().catch(() => undefined);
      this.current = undefined;
      throw error;
    }
  }

  private async openLatest(day: string): Promise<OpenFile> {
    await mkdir(this.options.dir, { recursive: true });
    const pattern = new RegExp(`^${escapeRegExp(this.options.prefix)}-${day}\\.(\\d{4,})\\.jsonl$`);
    let latest = -1;
    for (const name of await readdir(this.options.dir)) {
      const m = pattern.exec(name);
      if (m) latest = Math.max(latest, Number(m[1]));
    }
    if (latest < 0) return this.openFile(day, 0);
    const size = (await stat(join(this.options.dir, jsonlFileName(this.options.prefix, day, latest)))).size;
    return this.openFile(day, size < this.options.maxFileBytes ? latest : latest + 1);
  }

  private async openFile(day: string, seq: number): Promise<OpenFile> {
    const path = join(this.options.dir, jsonlFileName(this.options.prefix, day, seq));
    const handle = await open(path, 'a');
    const { size } = await handle.stat();
    return { day, seq, path, handle, size };
  }

  private async closeCurrent(): Promise<void> {
    const file = this.current;
    this.current = undefined;
    if (!file) return;
    try {
      await file.handle.sync();
    } finally {
      await file.handle.close();
    }
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const shared = new Map<string, JsonlFiles>();

export interface JsonlFilesHandle {
  append(lines: readonly string[]): Promise<void>;
  sync(): Promise<void>;
  readonly currentPath: string | undefined;
  release(): Promise<void>;
}

/**
 * The writer for `dir` + `prefix`, shared by every user in this process so that two backends on
 * the same files never interleave or rotate past each other. The first user's options apply.
 */
export function acquireJsonlFiles(options: JsonlFilesOptions): JsonlFilesHandle {
  const key = `${resolve(options.dir)}\u0000${options.prefix}`;
  let files = shared.get(key);
  if (!files) {
    files = new JsonlFiles(options);
    shared.set(key, files);
  }
  files.refs++;
  const writer = files;
  let released = false;
  return {
    append: (lines) => writer.append(lines),
    sync: () => writer.sync(),
    get currentPath() {
      return writer.currentPath;
    },
    async release() {
      if (released) return;
      released = true;
      if (--writer.refs > 0) return writer.sync();
      if (shared.get(key) === writer) shared.delete(key);
      await writer.close();
    },
  };
}
