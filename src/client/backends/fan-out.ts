import { RejectedEventsError } from '../errors.js';
import type { BackendLimits, StorageBackend, WireEvent, WriteResult } from '../types.js';

/**
 * Writes every batch to several backends (e.g. the gateway and a local file). A batch counts as
 * written when every backend stored it; when one fails, the recorder retries the batch, and the
 * backends that already stored it are skipped. Counts are the first backend's, over all attempts.
 */
export class FanOutBackend implements StorageBackend {
  readonly name: string;
  /** Event ids each backend stored during a batch that has not yet succeeded everywhere. */
  private readonly stored = new Map<StorageBackend, Set<string>>();
  /** What the first backend reported for the batch in progress, across its attempts. */
  private tally: WriteResult = { recorded: 0, duplicates: 0 };

  constructor(private readonly backends: readonly StorageBackend[]) {
    if (backends.length === 0) throw new Error('a fan-out backend needs at least one backend');
    this.name = `fan-out(${backends.map((b) => b.name).join(',')})`;
    for (const b of backends) this.stored.set(b, new Set());
  }

  /** The strictest limits of all backends. */
  async open(): Promise<BackendLimits> {
    const all = await Promise.all(this.backends.map((b) => b.open?.()));
    const merged: BackendLimits = {};
    for (const limits of all) {
      for (const [key, value] of Object.entries(limits ?? {}) as Array<[keyof BackendLimits, number | undefined]>) {
        if (value !== undefined) merged[key] = Math.min(merged[key] ?? value, value);
      }
    }
    return merged;
  }

  async write(events: readonly WireEvent[]): Promise<WriteResult> {
    const primary = this.stored.get(this.backends[0] as StorageBackend) as Set<string>;
    if (!events.some((e) => primary.has(e.eventId))) this.tally = { recorded: 0, duplicates: 0 };
    const outcomes = await Promise.allSettled(
      this.backends.map(async (backend) => {
        const done = this.stored.get(backend) as Set<string>;
        const positions: number[] = [];
        events.forEach((e, i) => {
          if (!done.has(e.eventId)) positions.push(i);
        });
        const pending = positions.map((i) => events[i] as WireEvent);
        try {
          const result = pending.length > 0 ? await backend.write(pending) : { recorded: 0, duplicates: 0 };
          for (const e of pending) done.add(e.eventId);
          if (backend === this.backends[0]) {
            this.tally = {
              recorded: this.tally.recorded + result.recorded,
              duplicates: this.tally.duplicates + result.duplicates,
            };
          }
          return result;
        } catch (error) {
          // Indexes must name events of the whole batch, not of the part this backend was sent.
          if (error instanceof RejectedEventsError) {
            throw new RejectedEventsError(
              `${backend.name}: ${error.message}`,
              error.rejections.map((r) => ({ ...r, index: positions[r.index] ?? r.index })),
            );
          }
          throw error;
        }
      }),
    );
    const failure = outcomes.find((o) => o.status === 'rejected');
    if (failure) throw failure.reason;
    for (const set of this.stored.values()) set.clear();
    const result = this.tally;
    this.tally = { recorded: 0, duplicates: 0 };
    return result;
  }

  async flush(): Promise<void> {
    await Promise.all(this.backends.map((b) => b.flush()));
  }

  async close(): Promise<void> {
    await Promise.all(this.backends.map((b) => b.close()));
  }
}
