import { setImmediate } from 'node:timers/promises';

/**
 * Lets a long loop share the event loop: call `due()` between items and, when it says so, await
 * `yield()`, which lets every request waiting meanwhile run before the loop goes on. A batch of 1000
 * events takes about 40 ms to validate; in one piece, every read arriving meanwhile waited for all
 * of it (bench/README.md, "Validation in slices").
 */
export class EventLoopSlices {
  private sliceStart = performance.now();

  /** `budgetMs`: the longest the loop runs between two yields (0: yield after every item). */
  constructor(private readonly budgetMs: number) {}

  due(): boolean {
    return performance.now() - this.sliceStart >= this.budgetMs;
  }

  async yield(): Promise<void> {
    await setImmediate();
    this.sliceStart = performance.now();
  }
}
