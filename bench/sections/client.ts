import type * as ClientIndex from '../../src/client/index.js';
import { makeEvent, makeRand, makeRemediation, toGraphqlInput } from '../lib/events.js';
import { databaseUrl } from '../lib/postgres.js';
import { ingestDatabase, preload } from '../lib/preload.js';
import { type Child, startGateway } from '../lib/processes.js';
import type { Figure } from '../lib/report.js';
import { round, sleep, summarize } from '../lib/stats.js';
import { GATEWAY_BENCH_ENV, type SectionContext, type SectionResult } from './context.js';

type ClientModule = typeof ClientIndex;
type Recorder = InstanceType<ClientModule['AuditRecorder']>;
type RecordedEvent = Parameters<Recorder['record']>[0];

const RECORDERS = 4;

/** Realistic events without id or timestamp: the recorder stamps those, as it does for services. */
function sampleEvents(count: number): RecordedEvent[] {
  const rand = makeRand(5);
  const out: RecordedEvent[] = [];
  const runTag = Date.now().toString(36);
  for (let i = 0; out.length < count; i++) {
    const r = makeRemediation(rand, `client-${runTag}-r${i}`);
    for (let step = 0; step < 10 && out.length < count; step++) {
      const input = toGraphqlInput(makeEvent(rand, r, step, Date.now()));
      delete input.eventId;
      delete input.eventTimestamp;
      out.push(input as unknown as RecordedEvent);
    }
  }
  return out;
}

/** The cost of record() alone: a backend that acknowledges at once, a writer drained between samples. */
async function recordCost(client: ClientModule, quick: boolean) {
  const backend = {
    name: 'bench-null',
    async write(events: readonly unknown[]) {
      return { recorded: events.length, duplicates: 0 };
    },
    async flush() {},
    async close() {},
  };
  const deadLetter = { async write() {}, async flush() {}, async close() {} };
  const recorder = new client.AuditRecorder({
    backend,
    deadLetter,
    logger: { warn() {}, error() {} },
  });
  const events = sampleEvents(1000);
  const block = 100;
  const samples = quick ? 1_000 : 5_000;
  const perCall: number[] = [];
  let n = 0;
  // Warm up the JIT, then measure blocks of 100 calls (a single call is below the timer's resolution).
  for (let s = -200; s < samples; s++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < block; i++) recorder.record(events[n++ % events.length] as RecordedEvent);
    const ns = Number(process.hrtime.bigint() - t0) / block;
    if (s >= 0) perCall.push(ns);
    // Let the background writer drain the buffer between samples (untimed).
    if (s % 20 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  const stats = recorder.stats();
  await recorder.close({ timeoutMs: 5_000 });
  const summary = summarize(perCall);
  return {
    medianNs: round(summary.p50, 0),
    p99Ns: round(summary.p99, 0),
    calls: samples * block,
    blockSize: block,
    spilled: stats.spilled,
    dropped: stats.dropped,
  };
}

/** 4 recorders in this process, each with the gateway backend, fed as fast as their buffers accept. */
async function endToEnd(client: ClientModule, gateway: Child, quick: boolean) {
  const events = sampleEvents(2000);
  const recorders: Recorder[] = Array.from(
    { length: RECORDERS },
    () =>
      new client.AuditRecorder({
        backend: new client.GatewayBackend({ url: gateway.url, headers: gateway.headers }),
        // Counted in the recorder's stats (deadLettered) and reported; nothing is written to disk.
        deadLetter: { async write() {}, async flush() {}, async close() {} },
        batchSize: 1000,
        // What is buffered at the end is sent at close: a smaller buffer keeps --quick's close short.
        bufferSize: quick ? 4_000 : 8_000,
        flushIntervalMs: 200,
      }),
  );
  const warmupMs = quick ? 1_000 : 10_000;
  const durationMs = quick ? 3_000 : 60_000;
  const start = performance.now();
  const end = start + warmupMs + durationMs;
  let stop = false;
  const sentNow = () => recorders.reduce((sum, r) => sum + r.stats().sent, 0);
  const feeders = recorders.map(async (recorder, k) => {
    let n = k * 500;
    while (!stop) {
      const { bufferUsed, bufferCapacity } = recorder.stats();
      if (bufferUsed < bufferCapacity - 2_000) {
        for (let i = 0; i < 1000; i++) recorder.record(events[n++ % events.length] as RecordedEvent);
      }
      await sleep(1);
    }
  });
  await sleep(warmupMs);
  const sentAtStart = sentNow();
  const windowStart = performance.now();
  await sleep(Math.max(0, end - performance.now()));
  const sent = sentNow() - sentAtStart;
  const seconds = (performance.now() - windowStart) / 1000;
  stop = true;
  await Promise.all(feeders);
  const closing = await Promise.all(recorders.map((r) => r.close({ timeoutMs: 30_000 })));
  const stats = recorders.map((r) => r.stats());
  return {
    eventsPerSecond: round(sent / seconds, 0),
    sentInWindow: sent,
    seconds: round(seconds, 1),
    recorders: RECORDERS,
    undelivered: closing.reduce((sum, c) => sum + c.undelivered.length, 0),
    stats,
  };
}

export async function runClient(ctx: SectionContext): Promise<SectionResult> {
  let client: ClientModule;
  try {
    client = await import('../../src/client/index.js');
  } catch (error) {
    const why = `src/client is missing or does not load: ${error instanceof Error ? error.message : String(error)}`;
    ctx.log(`client: skipped, ${why}`);
    return {
      figures: [
        { section: 'client', name: 'record() cost', unit: 'ns', better: 'lower', ours: null, note: `skipped: ${why}` },
      ],
      details: { skipped: why },
    };
  }
  const figures: Figure[] = [];
  const details: Record<string, unknown> = {};
  ctx.log('client: record() cost');
  const cost = await recordCost(client, ctx.quick);
  details.recordCost = cost;
  figures.push({
    section: 'client',
    name: 'record() median cost per call',
    unit: 'ns',
    better: 'lower',
    ours: cost.medianNs,
    target: { absolute: 2000 },
    note: `median of ${cost.calls / cost.blockSize} blocks of ${cost.blockSize} calls (p99 block ${cost.p99Ns} ns/call)${cost.spilled + cost.dropped > 0 ? `; ${cost.spilled} spilled, ${cost.dropped} dropped: the null writer fell behind` : ''}`,
  });

  const spec = ingestDatabase(ctx.quick);
  await preload(spec, ctx.log);
  let gateway: Child | undefined;
  try {
    gateway = await startGateway(databaseUrl(spec.database), GATEWAY_BENCH_ENV);
    ctx.log(`client: ${RECORDERS} recorders through one gateway`);
    const e2e = await endToEnd(client, gateway, ctx.quick);
    details.gatewayAuth = gateway.auth;
    details.endToEnd = e2e;
    const gatewayFigure = ctx.shared.gatewayIngestEventsPerSecond ?? null;
    figures.push({
      section: 'client',
      name: `${RECORDERS} recorders end to end`,
      unit: 'events/s',
      better: 'higher',
      ours: e2e.eventsPerSecond,
      baseline: { name: 'gateway ingest figure of this run', value: gatewayFigure },
      target: { minRatio: 0.8 },
      note:
        [
          gatewayFigure === null ? 'no gateway ingest figure in this run (run the ingest section too)' : '',
          e2e.undelivered > 0 ? `${e2e.undelivered} events undelivered at close` : '',
          'recorders run in the bench process, on the same 2 cores as the gateway and PostgreSQL',
        ]
          .filter(Boolean)
          .join('; ') || undefined,
    });
  } finally {
    await gateway?.stop();
  }
  return { figures, details };
}
