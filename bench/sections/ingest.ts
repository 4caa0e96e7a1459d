import { finished } from 'node:stream/promises';
import {
  type BenchEvent,
  type ChainFields,
  hex64,
  makeEvent,
  makeRand,
  makeRemediation,
  type Rand,
  ROW_COLUMNS,
  toCopyLine,
  toGraphqlInput,
  toRow,
} from '../lib/events.js';
import { closedLoop, freshId, ID_PLACEHOLDER, type LoopResult, postJson, Template } from '../lib/load.js';
import { preparePeerDatabase, startPostGraphile } from '../lib/peer.js';
import { connect, databaseUrl, type Sql } from '../lib/postgres.js';
import { estimatedRows, ingestDatabase, preload } from '../lib/preload.js';
import { type Child, startGateway } from '../lib/processes.js';
import type { Figure } from '../lib/report.js';
import { round, sleep, summarize } from '../lib/stats.js';
import { GATEWAY_BENCH_ENV, type SectionContext, type SectionResult } from './context.js';

export const BATCH = 1000;
export const CLIENTS = 4;
/** PostGraphile's default body limit is 100 kB: 40 aliased creates (~2.2 kB each with all their variables) fit in one request. */
const PEER_CREATES_PER_REQUEST = 40;

const RECORD = `mutation Record($events: [AuditEventInput!]!) {
  recordAuditEvents(events: $events) { recordedCount duplicateCount events { eventId sequence status } }
}`;

/** Events of `remediations` correlations, `perCorrelation` each, stamped within the last minute. */
function batchEvents(rand: Rand, prefix: string, remediations: number, perCorrelation: number): BenchEvent[] {
  const now = Date.now();
  const events: BenchEvent[] = [];
  for (let k = 0; k < remediations; k++) {
    const r = makeRemediation(rand, `${prefix}-r${k}`);
    for (let step = 0; step < perCorrelation; step++) {
      const e = makeEvent(rand, r, step, now - 60_000 + rand() * 50_000);
      e.eventId = ID_PLACEHOLDER;
      events.push(e);
    }
  }
  return events;
}

/** The gateway's request for a batch: the events as `recordAuditEvents` input, ids left as placeholders. */
const gatewayTemplate = (events: BenchEvent[]) =>
  new Template(JSON.stringify({ query: RECORD, variables: { events: events.map(toGraphqlInput) } }), BATCH);

/** Only the gateway's requests of buildTemplates (per client, `perClient` batches over correlations of its own). */
export function gatewayTemplates(runTag: string, perClient: number): Template[][] {
  const rand = makeRand(42);
  return Array.from({ length: CLIENTS }, (_, c) =>
    Array.from({ length: perClient }, (_, b) =>
      gatewayTemplate(batchEvents(rand, `bench-${runTag}-c${c}-b${b}`, 100, BATCH / 100)),
    ),
  );
}

interface Templates {
  gateway: Template[][];
  rawJson: Template[][];
  rawCopy: Template[][];
  peer: Template[][];
}

/**
 * Per client, a few batches of 1000 events over 100 correlations of its own (clients are separate
 * services writing separate remediations, so their batches do not queue on each other's chain heads).
 * The same events serve every writer; only the ids are fresh on each request.
 */
function buildTemplates(runTag: string, perClient: number): Templates {
  const rand = makeRand(42);
  const t: Templates = { gateway: [], rawJson: [], rawCopy: [], peer: [] };
  for (let c = 0; c < CLIENTS; c++) {
    t.gateway.push([]);
    t.rawJson.push([]);
    t.rawCopy.push([]);
    t.peer.push([]);
    for (let b = 0; b < perClient; b++) {
      const events = batchEvents(rand, `bench-${runTag}-c${c}-b${b}`, 100, BATCH / 100);
      t.gateway[c]?.push(gatewayTemplate(events));
      const chain = (_e: BenchEvent, i: number): ChainFields => ({
        sequence: i + 1,
        previousHash: hex64(rand),
        hash: hex64(rand),
        digest: hex64(rand),
      });
      const raw = events.map((e) => ({ ...e, correlationId: e.correlationId.replace('bench-', 'raw-') }));
      t.rawJson[c]?.push(new Template(JSON.stringify(raw.map((e, i) => toRow(e, chain(e, i)))), BATCH));
      t.rawCopy[c]?.push(new Template(raw.map((e, i) => toCopyLine(e, chain(e, i))).join(''), BATCH));
      for (let p = 0; p + PEER_CREATES_PER_REQUEST <= events.length; p += PEER_CREATES_PER_REQUEST) {
        const slice = events.slice(p, p + PEER_CREATES_PER_REQUEST).map((e) => ({
          ...e,
          correlationId: e.correlationId.replace('bench-', 'pgl-'),
        }));
        t.peer[c]?.push(peerTemplate(slice, chain));
      }
    }
  }
  return t;
}

function peerTemplate(events: BenchEvent[], chain: (e: BenchEvent, i: number) => ChainFields): Template {
  const defs = events.map((_, i) => `$e${i}: AuditEventInput!`).join(', ');
  const fields = events
    .map((_, i) => `e${i}: createAuditEvent(input: { auditEvent: $e${i} }) { clientMutationId }`)
    .join('\n');
  const variables: Record<string, unknown> = {};
  events.forEach((e, i) => {
    const c = chain(e, i);
    variables[`e${i}`] = {
      eventId: e.eventId,
      eventTimestamp: e.eventTimestamp,
      eventType: e.eventType,
      eventCategory: e.eventCategory,
      eventAction: e.eventAction,
      eventOutcome: e.eventOutcome,
      actorType: e.actorType,
      actorId: e.actorId,
      actorIp: e.actorIp,
      resourceType: e.resourceType,
      resourceId: e.resourceId,
      resourceName: e.resourceName,
      correlationId: e.correlationId,
      traceId: e.traceId,
      spanId: e.spanId,
      namespace: e.namespace,
      clusterId: e.clusterId,
      eventData: e.eventData,
      eventDataDigest: c.digest,
      severity: e.severity,
      durationMs: e.durationMs,
      errorCode: e.errorCode,
      errorMessage: e.errorMessage,
      sequence: String(c.sequence),
      previousEventHash: c.previousHash,
      eventHash: c.hash,
      hashAlgorithm: 'sha256',
    };
  });
  return new Template(JSON.stringify({ query: `mutation Create(${defs}) {\n${fields}\n}`, variables }), events.length);
}

const rotate = (templates: Template[][]) => {
  const next = templates.map(() => 0);
  return (client: number): Template => {
    const list = templates[client] as Template[];
    const i = next[client] as number;
    next[client] = (i + 1) % list.length;
    return list[i] as Template;
  };
};

export function describe(loop: LoopResult) {
  const latency = summarize(loop.latencies);
  return {
    eventsPerSecond: round(loop.eventsPerSecond, 0),
    requestsPerSecond: round(loop.requestsPerSecond, 1),
    events: loop.events,
    requests: loop.requests,
    errors: loop.errors,
    firstError: loop.firstError,
    requestLatencyMs: { p50: round(latency.p50), p99: round(latency.p99), max: round(latency.max) },
    seconds: loop.seconds,
  };
}

/**
 * A checkpoint, then a second's rest, so one run's dirty pages are not written during the next
 * (`--quick`, whose databases are small, skips the rest).
 */
export async function settle(sql: Sql, quick: boolean): Promise<void> {
  await sql`CHECKPOINT`;
  if (!quick) await sleep(1000);
}

/**
 * CLIENTS workers in a closed loop, each sending its templates in turn (fresh ids every request) to
 * the gateway; every answer must acknowledge the whole batch as recorded.
 */
export function gatewayIngest(
  gateway: Child,
  templates: Template[][],
  warmupMs: number,
  durationMs: number,
): Promise<LoopResult> {
  const next = rotate(templates);
  return closedLoop({
    clients: CLIENTS,
    warmupMs,
    durationMs,
    async send(client) {
      const answer = (await postJson(gateway.url, next(client).fill(freshId), gateway.headers)) as {
        data?: { recordAuditEvents?: { recordedCount: number } };
        errors?: unknown[];
      };
      const recorded = answer.data?.recordAuditEvents?.recordedCount;
      if (recorded !== BATCH) throw new Error(`gateway answered ${JSON.stringify(answer).slice(0, 300)}`);
      return recorded;
    },
  });
}

export async function runIngest(ctx: SectionContext): Promise<SectionResult> {
  const spec = ingestDatabase(ctx.quick);
  const warmupMs = ctx.quick ? 1_000 : 10_000;
  const durationMs = ctx.quick ? 3_000 : 60_000;
  const info = await preload(spec, ctx.log);
  const url = databaseUrl(spec.database);
  const sql = connect(spec.database, CLIENTS);
  const runTag = Date.now().toString(36);
  const details: Record<string, unknown> = { preload: info, clients: CLIENTS, batch: BATCH, warmupMs, durationMs };
  const figures: Figure[] = [];
  try {
    // The planner's estimate (kept fresh by autovacuum): an exact count of millions of rows costs seconds.
    const before = Math.round(await estimatedRows(sql));
    details.rowsBeforeEstimate = before;
    ctx.log(
      `ingest: about ${before.toLocaleString('en-US')} events already in ${spec.database}; building request templates`,
    );
    const templates = buildTemplates(runTag, ctx.quick ? 1 : 4);

    // 1. The gateway, in its own process, over HTTP.
    let gateway: Child | undefined;
    let ours: LoopResult | undefined;
    try {
      gateway = await startGateway(url, GATEWAY_BENCH_ENV);
      details.gatewayAuth = gateway.auth;
      await settle(sql, ctx.quick);
      ctx.log(`ingest: gateway, ${CLIENTS} clients x batches of ${BATCH}, ${durationMs / 1000} s`);
      ours = await gatewayIngest(gateway, templates.gateway, warmupMs, durationMs);
      ctx.shared.gatewayIngestEventsPerSecond = ours.eventsPerSecond;
      details.gateway = { ...describe(ours), rssMiB: round(gateway.rssBytes() / 2 ** 20, 0) };
    } finally {
      await gateway?.stop();
    }

    // 2. The raw limit: the same rows straight into audit_events, one statement per batch.
    const columns = ROW_COLUMNS.join(', ');
    const nextJson = rotate(templates.rawJson);
    await settle(sql, ctx.quick);
    ctx.log(`ingest: raw INSERT ... json_populate_recordset, ${CLIENTS} connections`);
    const rawJson = await closedLoop({
      clients: CLIENTS,
      warmupMs,
      durationMs,
      async send(client) {
        await sql.unsafe(
          `INSERT INTO audit_events (${columns}) SELECT ${columns} FROM json_populate_recordset(NULL::audit_events, $1::text::json)`,
          [next(nextJson, client)],
        );
        return BATCH;
      },
    });
    details.rawJsonPopulateRecordset = describe(rawJson);
    const nextCopy = rotate(templates.rawCopy);
    await settle(sql, ctx.quick);
    ctx.log(`ingest: raw COPY ... FROM STDIN, ${CLIENTS} connections`);
    const rawCopy = await closedLoop({
      clients: CLIENTS,
      warmupMs,
      durationMs,
      async send(client) {
        const writable = await sql.unsafe(`COPY audit_events (${columns}) FROM STDIN`).writable();
        writable.end(next(nextCopy, client));
        await finished(writable);
        return BATCH;
      },
    });
    details.rawCopy = describe(rawCopy);
    const raw = rawCopy.eventsPerSecond >= rawJson.eventsPerSecond ? rawCopy : rawJson;
    const rawName = raw === rawCopy ? 'raw COPY' : 'raw json_populate_recordset';
    const rawProblems = [
      rawJson.errors > 0 ? `raw json_populate_recordset: ${rawJson.errors} failed (first: ${rawJson.firstError})` : '',
      rawCopy.errors > 0 ? `raw COPY: ${rawCopy.errors} failed (first: ${rawCopy.firstError})` : '',
    ].filter(Boolean);

    figures.push({
      section: 'ingest',
      name: `gateway recordAuditEvents, ${CLIENTS} clients x ${BATCH}`,
      unit: 'events/s',
      better: 'higher',
      ours: ours.errors > 0 && ours.events === 0 ? null : ours.eventsPerSecond,
      baseline: { name: rawName, value: raw.events > 0 ? raw.eventsPerSecond : null },
      target: { minRatio: 0.75, absolute: 8000 },
      note:
        [
          ours.errors > 0 ? `gateway: ${ours.errors} failed requests (first: ${ours.firstError})` : '',
          ...rawProblems,
          `raw json_populate_recordset ${round(rawJson.eventsPerSecond, 0)}/s, raw COPY ${round(rawCopy.eventsPerSecond, 0)}/s`,
          `table held about ${before.toLocaleString('en-US')} events at the start; ${durationMs / 1000} s windows after ${warmupMs / 1000} s warm-up`,
        ]
          .filter(Boolean)
          .join('; ') || undefined,
    });

    // 3. PostGraphile's own create mutation, same clients, same events.
    if (ctx.peerUnavailable) {
      figures.push({
        section: 'ingest',
        name: 'vs PostGraphile create mutations',
        unit: 'events/s',
        better: 'higher',
        ours: ours.eventsPerSecond,
        baseline: { name: 'PostGraphile', value: null },
        target: { minRatio: 3 },
        note: `PostGraphile baseline skipped: ${ctx.peerUnavailable}`,
      });
    } else {
      let peer: Child | undefined;
      try {
        await preparePeerDatabase(spec.database);
        peer = await startPostGraphile(url);
        const endpoint = peer.url;
        const nextPeer = rotate(templates.peer);
        await settle(sql, ctx.quick);
        ctx.log(`ingest: PostGraphile, ${CLIENTS} clients x ${PEER_CREATES_PER_REQUEST} aliased createAuditEvent`);
        const peerLoop = await closedLoop({
          clients: CLIENTS,
          warmupMs,
          durationMs,
          async send(client) {
            const template = nextPeer(client);
            const answer = (await postJson(endpoint, template.fill(freshId))) as { errors?: unknown[] };
            if (answer.errors) throw new Error(`PostGraphile answered ${JSON.stringify(answer.errors).slice(0, 300)}`);
            return template.events;
          },
        });
        details.postgraphile = { ...describe(peerLoop), createsPerRequest: PEER_CREATES_PER_REQUEST };
        figures.push({
          section: 'ingest',
          name: 'vs PostGraphile create mutations',
          unit: 'events/s',
          better: 'higher',
          ours: ours.eventsPerSecond,
          baseline: {
            name: `PostGraphile, ${PEER_CREATES_PER_REQUEST} creates/request`,
            value: peerLoop.errors > 0 && peerLoop.events === 0 ? null : peerLoop.eventsPerSecond,
          },
          target: { minRatio: 3 },
          note:
            peerLoop.errors > 0
              ? `PostGraphile: ${peerLoop.errors} failed requests (first: ${peerLoop.firstError})`
              : undefined,
        });
      } catch (error) {
        figures.push({
          section: 'ingest',
          name: 'vs PostGraphile create mutations',
          unit: 'events/s',
          better: 'higher',
          ours: ours.eventsPerSecond,
          baseline: { name: 'PostGraphile', value: null },
          target: { minRatio: 3 },
          note: `PostGraphile run failed: ${error instanceof Error ? error.message.slice(0, 300) : String(error)}`,
        });
      } finally {
        await peer?.stop();
      }
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
  return { figures, details };
}

const next = (pick: (client: number) => Template, client: number) => pick(client).fill(freshId);
