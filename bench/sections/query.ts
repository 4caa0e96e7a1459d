import type { GraphQLSchema } from 'graphql';
import { type CpuUse, cpuMeter } from '../lib/cpu.js';
import { loadGatewaySchema, missingField } from '../lib/graphql-schema.js';
import { lightLoad, type Saturation, saturate } from '../lib/http-load.js';
import { type GraphqlResponse, postJson } from '../lib/load.js';
import { preparePeerDatabase, startPostGraphile } from '../lib/peer.js';
import { connect, databaseUrl, quiesce } from '../lib/postgres.js';
import { type PreloadSpec, preload } from '../lib/preload.js';
import { type Child, startGateway } from '../lib/processes.js';
import type { Figure } from '../lib/report.js';
import { type SqlRead, sqlAloneLatency } from '../lib/sql-alone.js';
import { type LatencySummary, round } from '../lib/stats.js';
import { findHeadPage, findHeadWithTimeline, type HeadColumn } from '../../src/db/correlation-queries.js';
import type { EventColumn } from '../../src/db/event-rows.js';
import { findEventPage } from '../../src/db/event-queries.js';
import { parseEventCursor } from '../../src/resolvers/cursor.js';
import { EMPTY_FILTER } from '../../src/resolvers/event-filter.js';
import { AUDIT_EVENT_FIELD_COLUMNS, CORRELATION_FIELD_COLUMNS } from '../../src/resolvers/page-selection.js';
import { GATEWAY_BENCH_ENV, type SectionContext, type SectionResult } from './context.js';

export const CONNECTIONS = 16;
const PAGE = 50;
const DEEP_PAGE = 100;

const OUR_NODE =
  'eventId eventTimestamp eventType eventOutcome correlationId sequence actor { id } resource { id } eventData';
const PEER_NODE = 'eventId eventTimestamp eventType eventOutcome correlationId sequence actorId resourceId eventData';
const CONTAINS = { labels: { app: 'checkout-api' }, payload: { priority: 'P1' } };
const PATH = { path: 'payload.items[0].name', eq: 'checkout-api-3' };
const ACTOR = 'workflow-service';

interface Fixtures {
  correlationId: string;
  since24h: string;
  since31d: string;
  /** The windows' upper bound: the loaded data's end (see runQuery). */
  until: string;
  ourDeepCursor: string | null;
  peerDeepCursor: string | null;
}

export interface Operation {
  body: string;
  /** Rows the answer must hold, to check it is a real answer. */
  count(data: unknown): number;
}

interface SharedQuery {
  key: string;
  title: string;
  /** p99 at light load, ms (issue 3). */
  lightP99Target: number;
  /** Fields of the gateway's schema this query needs. */
  needs: string[];
  ours(f: Fixtures): Operation | string;
  /** The same question to PostGraphile, or why it cannot be asked. */
  peer(f: Fixtures): Operation | string;
  /** The statement the gateway's resolver sends for `ours`, for the 1-client floor (queries with a 10 ms target). */
  sqlAlone?(f: Fixtures): SqlRead | string;
}

const op = (query: string, variables: Record<string, unknown>, count: (data: unknown) => number): Operation => ({
  body: JSON.stringify({ query, variables }),
  count,
});
/** The columns a page reads for these fields of a node, as the gateway's resolvers work them out. */
function columnsFor<Column>(fields: string, fieldColumns: Readonly<Record<string, readonly Column[]>>): Set<Column> {
  const names = fields
    .replace(/\{[^}]*\}/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  return new Set(names.flatMap((name) => fieldColumns[name] ?? []));
}
const OUR_NODE_COLUMNS = columnsFor<EventColumn>(OUR_NODE, AUDIT_EVENT_FIELD_COLUMNS);
const CORRELATIONS_NODE = 'correlationId eventCount lastEventAt lastSequence';

// Untyped GraphQL answers, read just enough to count rows.
type Any = { [key: string]: Any } & Any[];
const len = (value: unknown) => (Array.isArray(value) ? value.length : -1);

/** The correlation timeline's first page, as the gateway is asked it (the overhead section asks it too). */
export const ourTimeline = (correlationId: string): Operation =>
  op(
    `query Timeline($id: String!) { correlation(id: $id) { eventCount events(first: ${PAGE}) { edges { cursor node { ${OUR_NODE} } } pageInfo { hasNextPage endCursor } } } }`,
    { id: correlationId },
    (d) => len((d as Any).correlation?.events?.edges),
  );

const QUERIES: SharedQuery[] = [
  {
    key: 'timeline',
    title: 'correlation timeline, first page',
    lightP99Target: 10,
    needs: ['Query.correlation', 'Correlation.events'],
    ours: (f) => ourTimeline(f.correlationId),
    peer: (f) =>
      op(
        `query Timeline($id: String!) { allAuditEvents(condition: { correlationId: $id }, orderBy: [SEQUENCE_ASC], first: ${PAGE}) { edges { cursor node { ${PEER_NODE} } } pageInfo { hasNextPage endCursor } } }`,
        { id: f.correlationId },
        (d) => len((d as Any).allAuditEvents?.edges),
      ),
    sqlAlone: (f) => async (runner) => {
      const query = { correlationId: f.correlationId, ascending: true, from: null, to: null, limit: PAGE + 1 };
      const headColumns = columnsFor<HeadColumn>('eventCount events', CORRELATION_FIELD_COLUMNS);
      const found = await findHeadWithTimeline(runner, { ...query, columns: OUR_NODE_COLUMNS }, headColumns);
      return found?.events.length ?? 0;
    },
  },
  {
    key: 'actorOutcome24h',
    title: 'actor + outcome, last 24 h',
    lightP99Target: 25,
    needs: [
      'Query.auditEvents(filter)',
      'AuditEventFilter.actorId',
      'AuditEventFilter.outcome',
      'AuditEventFilter.since',
      'AuditEventFilter.until',
    ],
    ours: (f) =>
      op(
        `query ActorFailures($actor: String!, $since: String!, $until: String!) { auditEvents(filter: { actorId: $actor, outcome: FAILURE, since: $since, until: $until }, first: ${PAGE}) { edges { cursor node { ${OUR_NODE} } } pageInfo { hasNextPage endCursor } } }`,
        { actor: ACTOR, since: f.since24h, until: f.until },
        (d) => len((d as Any).auditEvents?.edges),
      ),
    peer: (f) =>
      op(
        `query ActorFailures($actor: String!, $since: Datetime!, $until: Datetime!) { allAuditEvents(filter: { actorId: { equalTo: $actor }, eventOutcome: { equalTo: "failure" }, eventTimestamp: { greaterThanOrEqualTo: $since, lessThanOrEqualTo: $until } }, orderBy: [EVENT_TIMESTAMP_DESC], first: ${PAGE}) { edges { cursor node { ${PEER_NODE} } } pageInfo { hasNextPage endCursor } } }`,
        { actor: ACTOR, since: f.since24h, until: f.until },
        (d) => len((d as Any).allAuditEvents?.edges),
      ),
  },
  {
    key: 'containment31d',
    title: 'JSONB containment, last 31 days',
    lightP99Target: 100,
    needs: [
      'Query.auditEvents(filter)',
      'AuditEventFilter.dataContains',
      'AuditEventFilter.since',
      'AuditEventFilter.until',
    ],
    ours: (f) =>
      op(
        `query Contains($data: JSONObject!, $since: String!, $until: String!) { auditEvents(filter: { dataContains: $data, since: $since, until: $until }, first: ${PAGE}) { edges { cursor node { ${OUR_NODE} } } pageInfo { hasNextPage endCursor } } }`,
        { data: CONTAINS, since: f.since31d, until: f.until },
        (d) => len((d as Any).auditEvents?.edges),
      ),
    peer: (f) =>
      op(
        `query Contains($data: JSON!, $since: Datetime!, $until: Datetime!) { allAuditEvents(filter: { eventData: { contains: $data }, eventTimestamp: { greaterThanOrEqualTo: $since, lessThanOrEqualTo: $until } }, orderBy: [EVENT_TIMESTAMP_DESC], first: ${PAGE}) { edges { cursor node { ${PEER_NODE} } } pageInfo { hasNextPage endCursor } } }`,
        { data: CONTAINS, since: f.since31d, until: f.until },
        (d) => len((d as Any).allAuditEvents?.edges),
      ),
  },
  {
    key: 'pathEquality24h',
    title: 'nested path equality, last 24 h',
    lightP99Target: 25,
    needs: [
      'Query.auditEvents(filter)',
      'AuditEventFilter.dataPath',
      'AuditEventFilter.since',
      'AuditEventFilter.until',
    ],
    ours: (f) =>
      op(
        `query Path($path: [AuditEventDataPath!], $since: String!, $until: String!) { auditEvents(filter: { dataPath: $path, since: $since, until: $until }, first: ${PAGE}) { edges { cursor node { ${OUR_NODE} } } pageInfo { hasNextPage endCursor } } }`,
        { path: [PATH], since: f.since24h, until: f.until },
        (d) => len((d as Any).auditEvents?.edges),
      ),
    peer: () => 'the connection-filter plugin has no operator for a value at a JSON path (only whole-document ones)',
  },
  {
    key: 'deepPage',
    title: `page ${DEEP_PAGE} of the time-ordered listing`,
    lightP99Target: 10,
    needs: ['Query.auditEvents(after)'],
    ours: (f) =>
      f.ourDeepCursor === null
        ? 'could not page to the cursor'
        : op(
            `query Deep($after: String!) { auditEvents(first: ${PAGE}, after: $after) { edges { cursor node { ${OUR_NODE} } } pageInfo { hasNextPage endCursor } } }`,
            { after: f.ourDeepCursor },
            (d) => len((d as Any).auditEvents?.edges),
          ),
    peer: (f) =>
      f.peerDeepCursor === null
        ? 'could not page to the cursor'
        : op(
            `query Deep($after: Cursor!) { allAuditEvents(orderBy: [EVENT_TIMESTAMP_DESC], first: ${PAGE}, after: $after) { edges { cursor node { ${PEER_NODE} } } pageInfo { hasNextPage endCursor } } }`,
            { after: f.peerDeepCursor },
            (d) => len((d as Any).allAuditEvents?.edges),
          ),
    sqlAlone: (f) => {
      if (f.ourDeepCursor === null) return 'could not page to the cursor';
      const from = parseEventCursor('after', f.ourDeepCursor);
      return async (runner) =>
        (
          await findEventPage(runner, {
            filter: EMPTY_FILTER,
            ascending: false,
            from,
            to: null,
            limit: PAGE + 1,
            columns: OUR_NODE_COLUMNS,
          })
        ).length;
    },
  },
  {
    key: 'correlations',
    title: 'correlations, first page',
    lightP99Target: 10,
    needs: ['Query.correlations', 'Correlation.eventCount', 'Correlation.lastEventAt'],
    ours: () =>
      op(
        `{ correlations(first: ${PAGE}) { edges { cursor node { ${CORRELATIONS_NODE} } } pageInfo { hasNextPage endCursor } } }`,
        {},
        (d) => len((d as Any).correlations?.edges),
      ),
    peer: () =>
      op(
        `{ allAuditChainHeads(orderBy: [LAST_EVENT_AT_DESC], first: ${PAGE}) { edges { cursor node { correlationId eventCount lastEventAt lastSequence } } pageInfo { hasNextPage endCursor } } }`,
        {},
        (d) => len((d as Any).allAuditChainHeads?.edges),
      ),
    sqlAlone: () => async (runner) => {
      const filter = { since: null, until: null, category: null, outcome: null, lastOutcome: null };
      const columns = columnsFor<HeadColumn>(CORRELATIONS_NODE, CORRELATION_FIELD_COLUMNS);
      const page = { filter, ascending: false, from: null, to: null, limit: PAGE + 1, columns };
      return (await findHeadPage(runner, page)).length;
    },
  },
];

export async function ask(server: Child, operation: Operation): Promise<{ rows: number } | { error: string }> {
  try {
    const answer = (await postJson(server.url, operation.body, server.headers)) as GraphqlResponse<unknown>;
    if (answer.errors?.length) return { error: JSON.stringify(answer.errors[0]).slice(0, 300) };
    const rows = operation.count(answer.data);
    return rows < 0 ? { error: `unexpected answer ${JSON.stringify(answer.data).slice(0, 200)}` } : { rows };
  } catch (error) {
    return { error: error instanceof Error ? error.message.slice(0, 300) : String(error) };
  }
}

/** The cursor after page DEEP_PAGE - 1, reached by paging as a client would. */
async function deepCursor(server: Child, field: string, extraArgs: string, cursorType: string): Promise<string | null> {
  let after: string | null = null;
  for (let page = 1; page < DEEP_PAGE; page++) {
    const query = `query Page($after: ${cursorType}) { ${field}(${extraArgs}first: ${PAGE}, after: $after) { pageInfo { endCursor } } }`;
    const answer = (await postJson(
      server.url,
      JSON.stringify({ query, variables: { after } }),
      server.headers,
    )) as GraphqlResponse<Record<string, { pageInfo: { endCursor: string | null } }>>;
    const cursor = answer.data?.[field]?.pageInfo.endCursor;
    if (answer.errors?.length || !cursor) return null;
    after = cursor;
  }
  return after;
}

interface Measured {
  rows?: number;
  error?: string;
  light?: { p50: number; p99: number; count: number };
  saturation?: {
    requestsPerSecond: number;
    p50: number;
    p99: number;
    requests: number;
    non2xx: number;
    errors: number;
    badAnswers: number;
    /** Each round's requests/s and p99; the figures above are their means (rounds of equal length). */
    rounds: Array<{ requestsPerSecond: number; p99: number }>;
    /** CPU time per answered request over the rounds (ms): the server's process, the database, the load generator. */
    cpuPerRequest: { serverMs: number; databaseMs: number; loadMs: number };
    /** Cores left idle, and cores the hypervisor gave away, on average over the rounds. */
    idleCores: number;
    stealCores: number;
  };
}

/** One server's side of a query while it is measured: its first answer, its 1-client window, its rounds. */
interface Side {
  server: Child;
  operation: Operation;
  rows?: number;
  error?: string;
  light?: LatencySummary & { failed: number };
  rounds: Round[];
}

/** One saturation round of a side, with the CPU it cost. */
type Round = Saturation & { cpu: CpuUse };

async function measureLight(side: Side, light: { seconds: number; warmUpSeconds: number }): Promise<void> {
  const first = await ask(side.server, side.operation);
  if ('error' in first) {
    side.error = first.error;
    return;
  }
  side.rows = first.rows;
  side.light = await lightLoad(side.server.url, side.operation.body, side.server.headers, light.seconds, {
    warmUpSeconds: light.warmUpSeconds,
  });
}

async function saturationRound(side: Side, seconds: number): Promise<void> {
  if (side.error) return;
  const cpuUsed = cpuMeter(side.server);
  const load = await saturate(side.server.url, side.operation.body, side.server.headers, CONNECTIONS, seconds);
  side.rounds.push({ ...load, cpu: cpuUsed() });
}

/** Asks once more after the load, and sums the side up. */
async function finish(side: Side): Promise<Measured> {
  if (!side.light) return { error: side.error ?? 'not measured' };
  const after = await ask(side.server, side.operation);
  const total = (pick: (r: Round) => number) => side.rounds.reduce((sum, r) => sum + pick(r), 0);
  const mean = (pick: (r: Round) => number) => total(pick) / side.rounds.length;
  const requests = total((r) => r.requests);
  const failedShare = requests > 0 ? (total((r) => r.badAnswers) + total((r) => r.errors)) / requests : 1;
  const problem =
    'error' in after
      ? `after load: ${after.error}`
      : side.light.failed > 0
        ? `${side.light.failed} of ${side.light.count} answers at one client were not HTTP 200`
        : failedShare > 0.01
          ? `${total((r) => r.badAnswers)} error answers and ${total((r) => r.errors)} connection errors in ${requests} requests at ${CONNECTIONS} connections`
          : undefined;
  return {
    rows: side.rows,
    ...(problem ? { error: problem } : {}),
    light: { p50: round(side.light.p50), p99: round(side.light.p99), count: side.light.count },
    saturation: {
      requestsPerSecond: round(
        mean((r) => r.requestsPerSecond),
        0,
      ),
      p50: round(
        mean((r) => r.p50),
        1,
      ),
      p99: round(
        mean((r) => r.p99),
        1,
      ),
      requests,
      non2xx: total((r) => r.non2xx),
      errors: total((r) => r.errors),
      badAnswers: total((r) => r.badAnswers),
      rounds: side.rounds.map((r) => ({ requestsPerSecond: round(r.requestsPerSecond, 0), p99: r.p99 })),
      cpuPerRequest: {
        serverMs: round((total((r) => r.cpu.serverSeconds) * 1000) / requests, 2),
        databaseMs: round((total((r) => r.cpu.databaseSeconds) * 1000) / requests, 2),
        loadMs: round((total((r) => r.cpu.loadSeconds) * 1000) / requests, 2),
      },
      idleCores: round(total((r) => r.cpu.idleSeconds) / total((r) => r.seconds), 2),
      stealCores: round(total((r) => r.cpu.stealSeconds) / total((r) => r.seconds), 2),
    },
  };
}

/** What a request cost in CPU at saturation, where both servers share the machine's cores with the database: the server's and the database's part. */
const cpuPerRequest = (m: Measured): number | undefined => {
  const cpu = m.saturation?.cpuPerRequest;
  return cpu && round(cpu.serverMs + cpu.databaseMs, 2);
};
const cpuSplit = (m: Measured): string => {
  const cpu = m.saturation?.cpuPerRequest;
  return cpu ? `${cpu.serverMs} + ${cpu.databaseMs} ms` : '-';
};

type SqlAlone = { p50: number; p99: number; count: number; rows: number } | { skipped?: string; error?: string };

/** The 1-client floor of a query: its SQL alone, for the same window as the gateway's 1-client figure. */
async function measureSqlAlone(
  url: string,
  read: SqlRead,
  light: { seconds: number; warmUpSeconds: number },
): Promise<SqlAlone> {
  try {
    const r = await sqlAloneLatency(url, read, light.seconds, light.warmUpSeconds);
    return { p50: round(r.p50), p99: round(r.p99), count: r.count, rows: r.rows };
  } catch (error) {
    return { error: error instanceof Error ? error.message.slice(0, 300) : String(error) };
  }
}

/** The read-only query database: 10 million events over 12 monthly partitions, loaded once and kept. */
export function queryDatabase(quick: boolean): PreloadSpec {
  return quick
    ? { database: 'audit_bench_quick_query', rows: 60_000, months: 6, seed: 11, readOnly: true }
    : { database: 'audit_bench_query', rows: 10_000_000, months: 12, seed: 11, readOnly: true };
}

/** The time of the newest event the preload wrote (the bench's own read events are left out). */
async function newestLoadedEvent(database: string): Promise<number> {
  const sql = connect(database, 1);
  try {
    const [row] = await sql<{ at: Date | null }[]>`
      SELECT max(event_timestamp) AS at FROM audit_events WHERE event_type <> 'audit.log.viewed'`;
    if (!row?.at) throw new Error(`${database} holds no preloaded events`);
    return row.at.getTime();
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** A correlation with more than a page of events, among the most recent ones: the timeline's subject. */
export async function timelineCorrelation(database: string): Promise<string> {
  const sql = connect(database, 1);
  try {
    const [row] = await sql<{ id: string }[]>`
      SELECT correlation_id AS id FROM audit_chain_heads WHERE event_count >= ${PAGE + 10}
      ORDER BY last_event_at DESC, correlation_id DESC LIMIT 1 OFFSET 10`;
    if (!row) throw new Error(`${database} has no correlation with ${PAGE + 10} events`);
    return row.id;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** BENCH_QUERIES=timeline,containment31d (comma-separated keys): only these queries, for experiments. */
function chosenQueries(): SharedQuery[] {
  const keys = process.env.BENCH_QUERIES?.split(',').map((k) => k.trim());
  if (!keys?.length) return QUERIES;
  const unknown = keys.filter((k) => !QUERIES.some((q) => q.key === k));
  if (unknown.length > 0)
    throw new Error(`BENCH_QUERIES: unknown ${unknown.join(', ')}; known: ${QUERIES.map((q) => q.key).join(', ')}`);
  return QUERIES.filter((q) => keys.includes(q.key));
}

export async function runQuery(ctx: SectionContext): Promise<SectionResult> {
  const queries = chosenQueries();
  const spec = queryDatabase(ctx.quick);
  // The same requests, unmeasured, first: the 1-client window measures a warm server.
  const light = { seconds: ctx.quick ? 0.5 : 15, warmUpSeconds: ctx.quick ? 0.2 : 2 };
  const saturationSeconds = ctx.quick ? 1.5 : 20;
  const info = await preload(spec, ctx.log);
  const url = databaseUrl(spec.database);
  const settled = await quiesce(ctx.quick ? 10_000 : 120_000);
  ctx.log(`query: before measuring, ${settled}`);
  const details: Record<string, unknown> = {
    preload: info,
    settled,
    connections: CONNECTIONS,
    light,
    saturationSeconds,
  };
  const figures: Figure[] = [];

  const correlationId = await timelineCorrelation(spec.database);
  // The windows end at the loaded data's end, not now: a database loaded days ago would otherwise
  // hold few or none of its rows in "the last 24 hours". Bounded there on both sides, they also
  // leave out the views this run's reads write (newer than the data): tens of thousands of them by
  // the time the containment query runs, which every walk of the newest rows would otherwise cross,
  // so that each query's figure hung on how many requests the queries before it made.
  const dataEnd = await newestLoadedEvent(spec.database);
  details.dataEnd = new Date(dataEnd).toISOString();
  const fixtures: Fixtures = {
    correlationId,
    since24h: new Date(dataEnd - 86_400_000).toISOString(),
    since31d: new Date(dataEnd - 31 * 86_400_000).toISOString(),
    // dataEnd is in whole milliseconds; the newest row's microseconds lie within the next one.
    until: new Date(dataEnd + 1).toISOString(),
    ourDeepCursor: null,
    peerDeepCursor: null,
  };
  details.until = fixtures.until;

  let gateway: Child | undefined;
  let peer: Child | undefined;
  const ours: Record<string, Measured | { skipped: string }> = {};
  const theirs: Record<string, Measured | { skipped: string }> = {};
  const alone: Record<string, SqlAlone> = {};
  try {
    const ourServer = await startGateway(url, GATEWAY_BENCH_ENV);
    gateway = ourServer;
    const { schema, source } = await loadGatewaySchema(gateway.url, gateway.headers);
    details.schemaSource = source;
    details.gatewayAuth = gateway.auth;
    const missing = (q: SharedQuery) => missingField(schema as GraphQLSchema, q.needs);
    // Paging 99 times to the deep page's cursor only when that query is measured.
    const deepPage = queries.find((q) => q.key === 'deepPage');
    if (deepPage && !missing(deepPage)) fixtures.ourDeepCursor = await deepCursor(gateway, 'auditEvents', '', 'String');
    if (!ctx.peerUnavailable) {
      await preparePeerDatabase(spec.database);
      peer = await startPostGraphile(url);
      if (deepPage)
        fixtures.peerDeepCursor = await deepCursor(
          peer,
          'allAuditEvents',
          'orderBy: [EVENT_TIMESTAMP_DESC], ',
          'Cursor',
        );
    }
    // Both servers stay up. Each query is asked of one right after the other at one client (ours
    // first, then theirs first on the next query), then at 16 connections in rounds of half the
    // window, A B B A: this machine's speed drifts by tens of percent within minutes, and a drift
    // that is steady over the four rounds weighs the same on both sides (the idle one costs nothing).
    ctx.log(`query: gateway (${source})${peer ? ' and PostGraphile' : ''} up; measuring ${queries.length} queries`);
    const ourSide = (q: SharedQuery): Side | undefined => {
      const lacking = missing(q);
      const operation = lacking ? `the gateway's schema lacks ${lacking}` : q.ours(fixtures);
      if (typeof operation !== 'string') return { server: ourServer, operation, rounds: [] };
      ours[q.key] = { skipped: operation };
      return undefined;
    };
    const peerSide = (q: SharedQuery): Side | undefined => {
      const operation = peer ? q.peer(fixtures) : `PostGraphile baseline skipped: ${ctx.peerUnavailable}`;
      if (peer && typeof operation !== 'string') return { server: peer, operation, rounds: [] };
      theirs[q.key] = { skipped: operation as string };
      return undefined;
    };
    for (const [index, q] of queries.entries()) {
      const mine = ourSide(q);
      const other = peerSide(q);
      const pair = (index % 2 === 0 ? [mine, other] : [other, mine]).filter((side): side is Side => !!side);
      for (const side of pair) {
        await measureLight(side, light);
        const read = side === mine ? q.sqlAlone?.(fixtures) : undefined;
        if (read !== undefined)
          alone[q.key] = typeof read === 'string' ? { skipped: read } : await measureSqlAlone(url, read, light);
      }
      const [a, b] = pair;
      for (const side of b ? [a, b, b, a] : [a, a]) if (side) await saturationRound(side, saturationSeconds / 2);
      if (mine) ours[q.key] = await finish(mine);
      if (other) theirs[q.key] = await finish(other);
      ctx.log(`  ours ${q.key}: ${JSON.stringify(ours[q.key]).slice(0, 300)}`);
      if (alone[q.key]) ctx.log(`  its SQL alone ${q.key}: ${JSON.stringify(alone[q.key])}`);
      ctx.log(`  PostGraphile ${q.key}: ${JSON.stringify(theirs[q.key]).slice(0, 300)}`);
    }
    details.gatewayRssMiB = round(ourServer.rssBytes() / 2 ** 20, 0);
  } finally {
    await gateway?.stop();
    await peer?.stop();
  }

  for (const q of queries) {
    const o = ours[q.key] as Measured & { skipped?: string };
    const t = theirs[q.key] as Measured & { skipped?: string };
    const peerName = 'PostGraphile';
    const oursNote = o.skipped ? `ours skipped: ${o.skipped}` : o.error ? `ours failed: ${o.error}` : '';
    const peerNote = t.skipped ? `baseline: ${t.skipped}` : t.error ? `PostGraphile failed: ${t.error}` : '';
    const rowsNote =
      o.rows !== undefined || t.rows !== undefined
        ? `rows per page: ours ${o.rows ?? '-'}, PostGraphile ${t.rows ?? '-'}`
        : '';
    const note = [oursNote, peerNote, rowsNote].filter(Boolean).join('; ') || undefined;
    const usable = (m: Measured & { skipped?: string }) => !m.skipped && !m.error;
    const val = (m: Measured & { skipped?: string }, f: (m: Measured) => number | undefined) =>
      usable(m) ? (f(m) ?? null) : null;
    figures.push(
      {
        section: 'query',
        name: `${q.title}: p50, 1 client`,
        unit: 'ms',
        better: 'lower',
        ours: val(o, (m) => m.light?.p50),
        baseline: { name: peerName, value: val(t, (m) => m.light?.p50) },
      },
      {
        section: 'query',
        name: `${q.title}: p99, 1 client`,
        unit: 'ms',
        better: 'lower',
        ours: val(o, (m) => m.light?.p99),
        baseline: { name: peerName, value: val(t, (m) => m.light?.p99) },
        target: { absolute: q.lightP99Target },
        note,
      },
      {
        section: 'query',
        name: `${q.title}: req/s, ${CONNECTIONS} connections`,
        unit: 'req/s',
        better: 'higher',
        ours: val(o, (m) => m.saturation?.requestsPerSecond),
        baseline: { name: peerName, value: val(t, (m) => m.saturation?.requestsPerSecond) },
        target: { minRatio: 1 },
      },
      {
        section: 'query',
        name: `${q.title}: p99, ${CONNECTIONS} connections`,
        unit: 'ms',
        better: 'lower',
        ours: val(o, (m) => m.saturation?.p99),
        baseline: { name: peerName, value: val(t, (m) => m.saturation?.p99) },
        target: { minRatio: 1 },
      },
      {
        section: 'query',
        name: `${q.title}: CPU per request, server + database, ${CONNECTIONS} connections`,
        unit: 'ms',
        better: 'lower',
        ours: val(o, (m) => cpuPerRequest(m)),
        baseline: { name: peerName, value: val(t, (m) => cpuPerRequest(m)) },
        note: `server + database: ours ${cpuSplit(o)}, PostGraphile ${cpuSplit(t)}`,
      },
    );
    const floor = alone[q.key];
    if (floor)
      figures.push({
        section: 'query',
        name: `${q.title}: p99, 1 client, against its SQL alone`,
        unit: 'ms',
        better: 'lower',
        ours: val(o, (m) => m.light?.p99),
        baseline: { name: 'its SQL alone, 1 client', value: 'p99' in floor ? floor.p99 : null },
        note:
          'p99' in floor
            ? `p50: ours ${val(o, (m) => m.light?.p50) ?? '-'} ms, its SQL alone ${floor.p50} ms; rows per read ${floor.rows}`
            : `its SQL alone: ${floor.skipped ?? floor.error}`,
      });
  }
  details.fixtures = { ...fixtures, contains: CONTAINS, path: PATH, actor: ACTOR };
  details.ours = ours;
  details.postgraphile = theirs;
  details.sqlAlone = alone;
  return { figures, details };
}
