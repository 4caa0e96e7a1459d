import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BatchTooLargeError, DeliveryError, RejectedEventsError } from './errors.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, retryDelay, sleep } from './retry-policy.js';
import type { EventRejection, StorageBackend, WireEvent } from './types.js';

export interface ReplayOptions {
  /** A folder of file-backend or dead-letter files (`*.jsonl`). */
  dir: string;
  /** Usually a `GatewayBackend`. */
  backend: StorageBackend;
  /** Also send `rejected-*.jsonl` (events the gateway refused before; fix them first). Default false. */
  includeRejected?: boolean;
  /** Events per request, lowered to the backend's maximum. Default 500. */
  batchSize?: number;
  /** Default: 3 attempts, 1 s base delay. */
  retry?: Partial<RetryPolicy>;
}

export interface ReplayFileReport {
  file: string;
  /** Events read from the file in this run. */
  events: number;
  recorded: number;
  duplicates: number;
  rejected: Array<{ eventId: string | undefined; line: number; problems: EventRejection[] }>;
  /** Every event of the file was acknowledged: the file is marked done and skipped next time. */
  done: boolean;
}

export interface ReplayReport {
  files: ReplayFileReport[];
  /** Set when delivery failed (gateway unreachable after every attempt): the run stopped there. */
  failure?: string;
}

/** Progress of a file, kept next to it: `<file>.replay.json`. */
interface Progress {
  /** Bytes of the file whose events were all acknowledged. */
  offset: number;
  done: boolean;
}

const progressPath = (file: string) => `${file}.replay.json`;

async function readProgress(file: string): Promise<Progress> {
  try {
    return JSON.parse(await readFile(progressPath(file), 'utf8')) as Progress;
  } catch {
    return { offset: 0, done: false };
  }
}

interface Line {
  event: WireEvent;
  /** 1-based line number in the file. */
  number: number;
  /** Byte offset just past this line. */
  end: number;
}

/** Dead-letter lines wrap the event (`{ deadLetter, event }`); file-backend lines are the event. */
function eventOf(value: unknown): WireEvent | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const wrapped = (value as { deadLetter?: unknown; event?: unknown }).event;
  const event = (value as { deadLetter?: unknown }).deadLetter !== undefined ? wrapped : value;
  return event !== null && typeof event === 'object' ? (event as WireEvent) : undefined;
}

/**
 * Sends the events of every file in `dir` to the backend, in file-name order, idempotently (the
 * events carry their ids, so events already stored come back as duplicates). A file is marked done
 * only once every event in it was acknowledged; a file that grows later is continued from where
 * its last run ended. Files are never changed or deleted.
 */
export async function replayDirectory(options: ReplayOptions): Promise<ReplayReport> {
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const limits = await options.backend.open?.();
  const batchSize = Math.max(1, Math.min(options.batchSize ?? 500, limits?.maxBatchSize ?? Number.POSITIVE_INFINITY));
  const names = (await readdir(options.dir))
    .filter((name) => name.endsWith('.jsonl') && (options.includeRejected || !name.startsWith('rejected-')))
    .sort();
  const report: ReplayReport = { files: [] };
  for (const name of names) {
    const file = join(options.dir, name);
    const progress = await readProgress(file);
    const size = (await stat(file)).size;
    if (progress.done && progress.offset === size) continue;
    const result: ReplayFileReport = { file, events: 0, recorded: 0, duplicates: 0, rejected: [], done: false };
    report.files.push(result);

    const buffer = await readFile(file);
    const complete = buffer.lastIndexOf(0x0a) + 1; // a trailing partial line is being written: leave it
    const lines: Line[] = [];
    let start = progress.offset;
    let number = buffer.subarray(0, start).filter((b) => b === 0x0a).length;
    while (start < complete) {
      const end = buffer.indexOf(0x0a, start) + 1;
      number++;
      const text = buffer.subarray(start, end - 1).toString('utf8');
      if (text.trim() !== '') {
        let event: WireEvent | undefined;
        try {
          event = eventOf(JSON.parse(text));
        } catch {
          event = undefined;
        }
        if (event) lines.push({ event, number, end });
        else result.rejected.push({ eventId: undefined, line: number, problems: [unreadable] });
      }
      start = end;
    }
    result.events = lines.length;

    let acknowledged = progress.offset;
    for (let i = 0; i < lines.length; i += batchSize) {
      const chunk = lines.slice(i, i + batchSize);
      try {
        await sendChunk(options.backend, chunk, policy, result);
      } catch (error) {
        report.failure = `${name}: ${error instanceof Error ? error.message : String(error)}`;
        await saveProgress(file, acknowledged, false);
        return report;
      }
      if (result.rejected.length === 0) acknowledged = (chunk[chunk.length - 1] as Line).end;
    }
    if (result.rejected.length === 0) acknowledged = complete;
    result.done = result.rejected.length === 0 && complete === buffer.length;
    await saveProgress(file, acknowledged, result.done);
  }
  return report;
}

const unreadable: EventRejection = { index: 0, field: 'line', message: 'is not a JSON event' };

async function saveProgress(file: string, offset: number, done: boolean): Promise<void> {
  await writeFile(progressPath(file), `${JSON.stringify({ offset, done } satisfies Progress)}\n`);
}

/** Sends one chunk until every event is stored or refused; throws when attempts run out. */
async function sendChunk(backend: StorageBackend, chunk: Line[], policy: RetryPolicy, result: ReplayFileReport) {
  let pending = chunk;
  let attempt = 1;
  while (pending.length > 0) {
    try {
      const written = await backend.write(pending.map((l) => l.event));
      result.recorded += written.recorded;
      result.duplicates += written.duplicates;
      return;
    } catch (error) {
      if (error instanceof RejectedEventsError) {
        const refused = new Map<number, EventRejection[]>();
        for (const r of error.rejections) refused.set(r.index, [...(refused.get(r.index) ?? []), r]);
        if (refused.size === 0)
          pending.forEach((_, i) => refused.set(i, [{ index: i, field: 'event', message: error.message }]));
        for (const [index, problems] of refused) {
          const line = pending[index];
          if (line) result.rejected.push({ eventId: line.event.eventId, line: line.number, problems });
        }
        pending = pending.filter((_, i) => !refused.has(i));
        attempt = 1;
        continue;
      }
      if (error instanceof BatchTooLargeError && pending.length > 1) {
        const half = Math.ceil(pending.length / 2);
        await sendChunk(backend, pending.slice(0, half), policy, result);
        await sendChunk(backend, pending.slice(half), policy, result);
        return;
      }
      const retryable = !(error instanceof DeliveryError) || error.retryable;
      if (!retryable || attempt >= policy.maxAttempts || error instanceof BatchTooLargeError) throw error;
      await sleep(retryDelay(policy, attempt, error instanceof DeliveryError ? error.retryAfterMs : undefined));
      attempt++;
    }
  }
}
