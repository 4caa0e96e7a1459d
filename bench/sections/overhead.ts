import { saturate } from '../lib/http-load.js';
import type { LoopResult } from '../lib/load.js';
import { connect, databaseUrl } from '../lib/postgres.js';
import { ingestDatabase, preload } from '../lib/preload.js';
import { type Child, startGateway } from '../lib/processes.js';
import type { Figure } from '../lib/report.js';
import { round } from '../lib/stats.js';
import { GATEWAY_BENCH_ENV, type SectionContext, type SectionResult } from './context.js';
import { BATCH, CLIENTS, describe, gatewayIngest, gatewayTemplates, settle } from './ingest.js';
import { ask, CONNECTIONS, ourTimeline, queryDatabase, timelineCorrelation } from './query.js';

/*
 * What authentication and metrics cost (issue 7: under 5%). Two configurations of the same gateway
 * on the same databases, one process at a time, alternating in rounds so drift hits both:
 * - full: the bench's normal gateway (production, enforced auth with the bench's API token, metrics);
 * - bare: the same production start without authentication (local-dev mode, no credential: no token
 *   lookup, no rate-limit row per batch, no audit.log.viewed per read) and with METRICS=false.
 */

/*
 * Four rounds in the order bare-full, full-bare, bare-full, full-bare, and the mean of each side's
 * rounds: each figure falls steadily through a run as the ingest tables grow (scratch, four 15 s
 * rounds: 9,800 -> 8,667 -> 7,867 -> 6,800 events/s), and with this order such a trend weighs on
 * both sides alike. The earlier three rounds and medians put `full` later on average.
 */
const ROUNDS = 4;
/** `--quick` (a smoke run with 2 s windows, whose ratio says little) runs one bare-full round. */
const QUICK_ROUNDS = 1;
const roundsFor = (quick: boolean) => (quick ? QUICK_ROUNDS : ROUNDS);

type Variant = 'bare' | 'full';

const VARIANT_ENV: Record<Variant, Record<string, string>> = {
  bare: { ...GATEWAY_BENCH_ENV, METRICS: 'false' },
  full: { ...GATEWAY_BENCH_ENV, METRICS: 'true' },
};

const start = (variant: Variant, url: string): Promise<Child> =>
  startGateway(url, VARIANT_ENV[variant], { withoutAuth: variant === 'bare' });

/** Round r runs bare then full when r is even, full then bare when odd. */
const order = (round: number): Variant[] => (round % 2 === 0 ? ['bare', 'full'] : ['full', 'bare']);

const mean = (values: number[]) => round(values.reduce((sum, v) => sum + v, 0) / values.length, 0);

interface Rounds {
  /** How many rounds run. */
  count: number;
  bare: number[];
  full: number[];
  problems: string[];
}

function figure(name: string, unit: string, rounds: Rounds, sizes: string): Figure {
  const bare = mean(rounds.bare);
  const full = mean(rounds.full);
  const each = rounds.bare
    .map((b, i) => `${i + 1}: ${b.toLocaleString('en-US')} / ${rounds.full[i]?.toLocaleString('en-US') ?? '-'}`)
    .join(', ');
  return {
    ...overheadFigure(name, unit, full, bare),
    note: [
      `${unit} per round, bare / full: ${each}`,
      `${sizes}, means of ${rounds.count} rounds (bare-full, full-bare, ...)`,
      ...rounds.problems,
    ].join('; '),
  };
}

/** Full (with authentication and metrics) against bare; the cost is under 5% when the ratio holds. */
const overheadFigure = (name: string, unit: string, full: number | null, bare: number | null): Figure => ({
  section: 'overhead',
  name,
  unit,
  better: 'higher',
  ours: full,
  baseline: { name: 'no auth, no metrics', value: bare },
  target: { minRatio: 0.95 },
});

async function ingestRounds(ctx: SectionContext, details: Record<string, unknown>): Promise<Rounds> {
  const spec = ingestDatabase(ctx.quick);
  const warmupMs = 5_000;
  const durationMs = 15_000;
  details.ingest = { preload: await preload(spec, ctx.log), warmupMs, durationMs, rounds: [] };
  const url = databaseUrl(spec.database);
  const templates = gatewayTemplates(`overhead-${Date.now().toString(36)}`, 4);
  const sql = connect(spec.database, 1);
  const rounds: Rounds = { count: roundsFor(ctx.quick), bare: [], full: [], problems: [] };
  try {
    for (let r = 0; r < rounds.count; r++) {
      const measured: Partial<Record<Variant, ReturnType<typeof describe>>> = {};
      for (const variant of order(r)) {
        let gateway: Child | undefined;
        let loop: LoopResult;
        try {
          gateway = await start(variant, url);
          await settle(sql, ctx.quick);
          loop = await gatewayIngest(gateway, templates, warmupMs, durationMs);
        } finally {
          await gateway?.stop();
        }
        rounds[variant].push(round(loop.eventsPerSecond, 0));
        measured[variant] = describe(loop);
        if (loop.errors > 0)
          rounds.problems.push(`round ${r + 1} ${variant}: ${loop.errors} failed requests (first: ${loop.firstError})`);
        ctx.log(`overhead: ingest round ${r + 1} ${variant}: ${round(loop.eventsPerSecond, 0)} events/s`);
      }
      (details.ingest as { rounds: unknown[] }).rounds.push(measured);
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
  return rounds;
}

async function queryRounds(ctx: SectionContext, details: Record<string, unknown>): Promise<Rounds> {
  const spec = queryDatabase(ctx.quick);
  const warmupSeconds = ctx.quick ? 1 : 5;
  const seconds = ctx.quick ? 2 : 15;
  const info = await preload(spec, ctx.log);
  const correlationId = await timelineCorrelation(spec.database);
  details.query = { preload: info, correlationId, warmupSeconds, seconds, rounds: [] };
  const url = databaseUrl(spec.database);
  const operation = ourTimeline(correlationId);
  const rounds: Rounds = { count: roundsFor(ctx.quick), bare: [], full: [], problems: [] };
  for (let r = 0; r < rounds.count; r++) {
    const measured: Partial<Record<Variant, unknown>> = {};
    for (const variant of order(r)) {
      let gateway: Child | undefined;
      try {
        gateway = await start(variant, url);
        const first = await ask(gateway, operation);
        if ('error' in first) throw new Error(`the timeline query failed on the ${variant} gateway: ${first.error}`);
        await saturate(gateway.url, operation.body, gateway.headers, CONNECTIONS, warmupSeconds);
        const sat = await saturate(gateway.url, operation.body, gateway.headers, CONNECTIONS, seconds);
        const failed = sat.badAnswers + sat.errors;
        if (sat.requests === 0 || failed / sat.requests > 0.01)
          rounds.problems.push(
            `round ${r + 1} ${variant}: ${sat.badAnswers} error answers and ${sat.errors} connection errors in ${sat.requests} requests`,
          );
        rounds[variant].push(round(sat.requestsPerSecond, 0));
        measured[variant] = { rows: first.rows, ...sat };
        ctx.log(`overhead: query round ${r + 1} ${variant}: ${round(sat.requestsPerSecond, 0)} req/s`);
      } finally {
        await gateway?.stop();
      }
    }
    (details.query as { rounds: unknown[] }).rounds.push(measured);
  }
  return rounds;
}

const INGEST_FIGURE = 'auth + metrics on ingest';

export async function runOverhead(ctx: SectionContext): Promise<SectionResult> {
  const rounds = roundsFor(ctx.quick);
  const details: Record<string, unknown> = { rounds, variants: VARIANT_ENV };
  const figures: Figure[] = [];
  const failed = (name: string, unit: string, error: unknown): Figure => ({
    ...overheadFigure(name, unit, null, null),
    note: `failed: ${error instanceof Error ? error.message.slice(0, 300) : String(error)}`,
  });

  const measure = async (name: string, unit: string, run: () => Promise<Rounds>, sizes: () => string) => {
    try {
      figures.push(figure(name, unit, await run(), sizes()));
    } catch (error) {
      figures.push(failed(name, unit, error));
    }
  };

  if (ctx.quick) {
    // Its windows would hold a handful of batches (figures in steps of 500 events/s): time better
    // spent keeping --quick under two minutes. The query rounds below run the same two gateways.
    figures.push({ ...overheadFigure(INGEST_FIGURE, 'events/s', null, null), note: 'skipped in --quick' });
  } else {
    ctx.log(`overhead: ingest, ${rounds} rounds of bare and full gateways`);
    await measure(
      INGEST_FIGURE,
      'events/s',
      () => ingestRounds(ctx, details),
      () => {
        const { warmupMs, durationMs } = details.ingest as { warmupMs: number; durationMs: number };
        return `${CLIENTS} clients x ${BATCH} events, ${durationMs / 1000} s windows after ${warmupMs / 1000} s warm-up`;
      },
    );
  }
  ctx.log(`overhead: correlation timeline at ${CONNECTIONS} connections, ${rounds} rounds of bare and full gateways`);
  await measure(
    'auth + metrics on query (correlation timeline)',
    'req/s',
    () => queryRounds(ctx, details),
    () => {
      const { warmupSeconds, seconds } = details.query as { warmupSeconds: number; seconds: number };
      return `autocannon, ${CONNECTIONS} connections, ${seconds} s windows after ${warmupSeconds} s warm-up`;
    },
  );
  return { figures, details };
}
