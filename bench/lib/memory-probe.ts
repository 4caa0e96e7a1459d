/*
 * Loaded into the gateway's process by the bench only (node --expose-gc --import), never by the
 * gateway itself: on SIGUSR2 it runs a full garbage collection and prints the process's memory as one
 * line, so the bench can measure what live subscriptions really retain rather than GC timing noise.
 */
const collect = (globalThis as { gc?: () => void }).gc;
process.on('SIGUSR2', () => {
  collect?.();
  const m = process.memoryUsage();
  process.stdout.write(
    `BENCH_MEMORY ${JSON.stringify({ gc: Boolean(collect), rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers })}\n`,
  );
});
