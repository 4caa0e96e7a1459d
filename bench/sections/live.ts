import { makeEvent, makeRand, makeRemediation, toGraphqlInput } from '../lib/events.js';
import { loadGatewaySchema, missingField } from '../lib/graphql-schema.js';
import { freshId, ID_PLACEHOLDER, postJson, Template } from '../lib/load.js';
import { databaseUrl, quiesce } from '../lib/postgres.js';
import { ingestDatabase, preload } from '../lib/preload.js';
import { type Child, startGateway } from '../lib/processes.js';
import { subscribeOverWs, type WsSubscription } from '../lib/ws-subscriber.js';
import { CommitClock, clockNow } from '../lib/commit-clock.js';
import type { Figure } from '../lib/report.js';
import { quantile, round, sleep, summarize } from '../lib/stats.js';
import { GATEWAY_BENCH_ENV, type SectionContext, type SectionResult } from './context.js';

const CORRELATIONS = 1000;
const EVENTS_PER_SECOND = 1000;
const TICK_MS = 100;
const PER_TICK = (EVENTS_PER_SECOND * TICK_MS) / 1000;
/** Commits are grouped into windows this long to show whether the tail is steady or a few stalls. */
const WINDOW_MS = 2_000;
const LATENCY_TARGET_MS = 100;

const RECORD = `mutation Record($events: [AuditEventInput!]!) { recordAuditEvents(events: $events) { recordedCount } }`;
const SUBSCRIBE = `subscription Live($c: String!) {
  auditEventRecorded(correlationId: $c) { eventId correlationId sequence eventType eventOutcome eventTimestamp }
}`;

interface DeliveredEvent {
  eventId: string;
  correlationId: string;
  sequence: number;
}

interface LevelResult {
  subscribers: number;
  connectSeconds: number;
  /** Heap and external memory retained per idle subscription, after a full GC. */
  idleBytesPerSubscription: number;
  idleRssBytesPerSubscription: number;
  heapBeforeMiB: number;
  heapIdleMiB: number;
  rssBeforeMiB: number;
  rssIdleMiB: number;
  eventsSent: number;
  deliveriesExpected: number;
  deliveriesReceived: number;
  /** From the commit (its notification, seen by the bench's own LISTEN) to the subscriber. */
  commitLatencyMs: { p50: number; p99: number; max: number };
  /** The commit-to-delivery p99 of each WINDOW_MS of commits, summarised. */
  windowP99Ms: WindowedP99;
  /** Deliveries whose commit notification the bench never saw. */
  deliveriesWithoutCommit: number;
  /** From the batch's request being sent to the subscriber: includes the write itself. */
  sendLatencyMs: { p50: number; p99: number; max: number };
  ackLatencyMs: { p50: number; p99: number };
  /** The gateway's CPU time (all threads) from the first write until every delivery arrived, per delivery. */
  gatewayCpuMicrosPerDelivery: number;
  errors: number;
  firstError?: string;
}

/** Ten templates of 100 events, template t covering correlations t*100 .. t*100+99: each gets 1 event/s. */
function writerTemplates(runTag: string): { templates: Template[]; correlations: string[] } {
  const rand = makeRand(3);
  const correlations = Array.from({ length: CORRELATIONS }, (_, k) => `live-${runTag}-${k}`);
  const templates: Template[] = [];
  for (let t = 0; t < CORRELATIONS / PER_TICK; t++) {
    const events = correlations.slice(t * PER_TICK, (t + 1) * PER_TICK).map((c, i) => {
      const e = makeEvent(rand, makeRemediation(rand, c), i, Date.now() - 30_000);
      e.eventId = ID_PLACEHOLDER;
      return toGraphqlInput(e);
    });
    templates.push(new Template(JSON.stringify({ query: RECORD, variables: { events } }), PER_TICK));
  }
  return { templates, correlations };
}

async function runLevel(
  gateway: Child,
  /** The gateway's database, where the bench listens for commits. */
  database: string,
  subscribers: number,
  seconds: number,
  idleMs: number,
  runTag: string,
  log: (line: string) => void,
): Promise<LevelResult> {
  const { templates, correlations } = writerTemplates(`${runTag}-${subscribers}`);
  const wsUrl = gateway.url.replace(/^http/, 'ws');
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  // Deliveries as (correlation, sequence, time) triples, matched with their commits at the end.
  const deliveredCorrelations: string[] = [];
  const deliveredSequences: number[] = [];
  const deliveredAt: number[] = [];
  let received = 0;
  let errors = 0;
  let firstError: string | undefined;
  const clients: WsSubscription[] = [];
  const before = await gateway.memoryAfterGc();
  const t0 = performance.now();
  const sink = {
    next: (data: unknown) => {
      const event = (data as { auditEventRecorded?: DeliveredEvent } | null)?.auditEventRecorded;
      const sent = event ? sentAt.get(event.eventId) : undefined;
      if (event && sent !== undefined) {
        received++;
        latencies.push(performance.now() - sent);
        deliveredCorrelations.push(event.correlationId);
        deliveredSequences.push(event.sequence);
        deliveredAt.push(clockNow());
      }
    },
    error: (error: unknown) => {
      errors++;
      firstError ??= (error instanceof Error ? error.message : JSON.stringify(error)).slice(0, 300);
    },
  };
  // Connect in waves so the gateway is not handed 10,000 handshakes at once.
  for (let start = 0; start < subscribers; start += 250) {
    const wave: Promise<WsSubscription>[] = [];
    for (let i = start; i < Math.min(subscribers, start + 250); i++) {
      const request = { query: SUBSCRIBE, variables: { c: correlations[i % CORRELATIONS] } };
      wave.push(subscribeOverWs(wsUrl, gateway.headers.authorization, request, sink));
    }
    clients.push(...(await Promise.all(wave)));
  }
  const connectSeconds = (performance.now() - t0) / 1000;
  await sleep(idleMs);
  const idle = await gateway.memoryAfterGc();
  if (!idle.gc) throw new Error('the gateway was not started with --expose-gc; the memory figure would be GC noise');
  log(
    `live: ${subscribers} subscribers connected in ${connectSeconds.toFixed(1)} s; writing ${EVENTS_PER_SECOND} events/s for ${seconds} s`,
  );

  const commits = await CommitClock.start(database);
  const acks: number[] = [];
  let sent = 0;
  const ticks = Math.round((seconds * 1000) / TICK_MS);
  const writes: Promise<void>[] = [];
  const cpuBefore = gateway.cpuSeconds();
  const begin = performance.now();
  for (let tick = 0; tick < ticks; tick++) {
    const due = begin + tick * TICK_MS;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const ids: string[] = [];
    const body = (templates[tick % templates.length] as Template).fill(() => {
      const id = freshId();
      ids.push(id);
      return id;
    });
    const at = performance.now();
    for (const id of ids) sentAt.set(id, at);
    sent += ids.length;
    writes.push(
      postJson(gateway.url, body, gateway.headers).then(
        (answer) => {
          const recorded = (answer as { data?: { recordAuditEvents?: { recordedCount: number } } }).data
            ?.recordAuditEvents?.recordedCount;
          if (recorded !== ids.length) {
            errors++;
            firstError ??= `write answered ${JSON.stringify(answer).slice(0, 300)}`;
          }
          acks.push(performance.now() - at);
        },
        (error: unknown) => {
          errors++;
          firstError ??= error instanceof Error ? error.message : String(error);
        },
      ),
    );
  }
  await Promise.all(writes);
  const expected = sent * (subscribers / CORRELATIONS);
  const deadline = performance.now() + 10_000;
  while (received < expected && performance.now() < deadline) await sleep(100);
  const cpuSeconds = gateway.cpuSeconds() - cpuBefore;
  for (const client of clients) client.close();
  await commits.stop();
  const commitLatencies: number[] = [];
  const commitTimes: number[] = [];
  for (let i = 0; i < deliveredAt.length; i++) {
    const committed = commits.committed(deliveredCorrelations[i] as string, deliveredSequences[i] as number);
    if (committed === undefined) continue;
    commitLatencies.push((deliveredAt[i] as number) - committed);
    commitTimes.push(committed);
  }
  const commitLatency = summarize(commitLatencies);
  const windows = windowedP99(commitTimes, commitLatencies, WINDOW_MS);
  const latency = summarize(latencies);
  const ack = summarize(acks);
  return {
    subscribers,
    connectSeconds: round(connectSeconds, 1),
    idleBytesPerSubscription: round(
      (idle.heapUsed + idle.external - before.heapUsed - before.external) / subscribers,
      0,
    ),
    idleRssBytesPerSubscription: round((idle.rss - before.rss) / subscribers, 0),
    heapBeforeMiB: round((before.heapUsed + before.external) / 2 ** 20, 1),
    heapIdleMiB: round((idle.heapUsed + idle.external) / 2 ** 20, 1),
    rssBeforeMiB: round(before.rss / 2 ** 20, 0),
    rssIdleMiB: round(idle.rss / 2 ** 20, 0),
    eventsSent: sent,
    deliveriesExpected: expected,
    deliveriesReceived: received,
    commitLatencyMs: { p50: round(commitLatency.p50), p99: round(commitLatency.p99), max: round(commitLatency.max) },
    windowP99Ms: windows,
    deliveriesWithoutCommit: deliveredAt.length - commitLatencies.length,
    sendLatencyMs: { p50: round(latency.p50), p99: round(latency.p99), max: round(latency.max) },
    ackLatencyMs: { p50: round(ack.p50), p99: round(ack.p99) },
    gatewayCpuMicrosPerDelivery: round((cpuSeconds * 1e6) / Math.max(1, received), 1),
    errors,
    firstError,
  };
}

export async function runLive(ctx: SectionContext): Promise<SectionResult> {
  const spec = ingestDatabase(ctx.quick);
  // BENCH_LIVE_LEVELS=10000 (comma-separated): only these subscriber counts, for experiments.
  const chosen = process.env.BENCH_LIVE_LEVELS?.split(',')
    .map(Number)
    .filter((n) => n >= CORRELATIONS);
  const levels = chosen?.length ? chosen : ctx.quick ? [1000] : [1000, 10_000];
  const seconds = ctx.quick ? 3 : 30;
  await preload(spec, ctx.log);
  const settled = await quiesce(ctx.quick ? 10_000 : 120_000);
  ctx.log(`live: before measuring, ${settled}`);
  const figures: Figure[] = [];
  const details: Record<string, unknown> = {
    correlations: CORRELATIONS,
    eventsPerSecond: EVENTS_PER_SECOND,
    seconds,
    settled,
  };
  const database = databaseUrl(spec.database);
  let gateway: Child | undefined;
  try {
    gateway = await startGateway(database, GATEWAY_BENCH_ENV);
    const { schema } = await loadGatewaySchema(gateway.url, gateway.headers);
    details.gatewayAuth = gateway.auth;
    const lacking = missingField(schema, ['Subscription.auditEventRecorded(correlationId)']);
    if (lacking) {
      const why = `the gateway's schema lacks ${lacking}`;
      ctx.log(`live: skipped, ${why}`);
      return {
        figures: [
          {
            section: 'live',
            name: 'delivery latency',
            unit: 'ms',
            better: 'lower',
            ours: null,
            note: `skipped: ${why}`,
          },
        ],
        details: { skipped: why },
      };
    }
    const runTag = Date.now().toString(36);
    const results: LevelResult[] = [];
    for (const subscribers of levels) {
      // A fresh gateway per level, so one level's leftovers do not count against the next.
      if (!gateway) gateway = await startGateway(database, GATEWAY_BENCH_ENV);
      const r = await runLevel(gateway, database, subscribers, seconds, ctx.quick ? 1_000 : 3_000, runTag, ctx.log);
      await gateway.stop();
      gateway = undefined;
      results.push(r);
      ctx.log(`live: ${JSON.stringify(r).slice(0, 400)}`);
      const missing = r.deliveriesExpected - r.deliveriesReceived;
      const problems = [
        missing > 0 ? `${missing} of ${r.deliveriesExpected} deliveries missing after 10 s` : '',
        r.errors > 0 ? `${r.errors} errors (first: ${r.firstError})` : '',
      ].filter(Boolean);
      const level = subscribers.toLocaleString('en-US');
      figures.push(
        {
          section: 'live',
          name: `commit-to-delivery p50, ${level} subscribers`,
          unit: 'ms',
          better: 'lower',
          ours: r.commitLatencyMs.p50,
        },
        {
          section: 'live',
          name: `commit-to-delivery p99, ${level} subscribers`,
          unit: 'ms',
          better: 'lower',
          ours: r.commitLatencyMs.p99,
          target: { absolute: LATENCY_TARGET_MS },
          note:
            [
              `${EVENTS_PER_SECOND} events/s over ${CORRELATIONS} correlations; send-to-delivery (the write included) p50 ${r.sendLatencyMs.p50} ms, p99 ${r.sendLatencyMs.p99} ms; batch ack p50 ${r.ackLatencyMs.p50} ms, p99 ${r.ackLatencyMs.p99} ms; gateway CPU ${r.gatewayCpuMicrosPerDelivery} µs per delivery (writes included)`,
              windowNote(r.windowP99Ms),
              r.deliveriesWithoutCommit > 0
                ? `${r.deliveriesWithoutCommit} deliveries without a commit notification`
                : '',
              ...problems,
            ]
              .filter(Boolean)
              .join('; ') || undefined,
        },
        {
          section: 'live',
          name: `memory per idle subscription, ${level} subscribers`,
          unit: 'bytes',
          better: 'lower',
          ours: r.idleBytesPerSubscription,
          target: { absolute: 20_000 },
          note: `heap + external after a full GC: ${r.heapBeforeMiB} MiB before, ${r.heapIdleMiB} MiB with all subscribed and idle; RSS ${r.rssBeforeMiB} -> ${r.rssIdleMiB} MiB (${r.idleRssBytesPerSubscription} bytes each)`,
        },
      );
    }
    details.levels = results;
  } finally {
    await gateway?.stop();
  }
  return { figures, details };
}

interface WindowedP99 {
  windows: number;
  median: number;
  worst: number;
  /** Windows whose p99 is above the target. */
  overTarget: number;
}

/** The p99 of each window of commits (by commit time), then their median and worst. */
function windowedP99(commitTimes: readonly number[], latencies: readonly number[], windowMs: number): WindowedP99 {
  const first = commitTimes.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
  const byWindow: number[][] = [];
  commitTimes.forEach((t, i) => {
    const w = Math.floor((t - first) / windowMs);
    (byWindow[w] ??= []).push(latencies[i] as number);
  });
  const p99s = byWindow.filter((w) => w.length > 0).map((w) => summarize(w).p99);
  const sorted = [...p99s].sort((a, b) => a - b);
  return {
    windows: p99s.length,
    median: round(quantile(sorted, 0.5)),
    worst: round(sorted.at(-1) ?? Number.NaN),
    overTarget: p99s.filter((p) => p > LATENCY_TARGET_MS).length,
  };
}

const windowNote = (w: WindowedP99) =>
  `p99 of each ${WINDOW_MS / 1000} s of commits: median ${w.median} ms, worst ${w.worst} ms, ${w.overTarget} of ${w.windows} windows above ${LATENCY_TARGET_MS} ms`;
