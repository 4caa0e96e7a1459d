import type { SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../src/db/client.js';
import { headPageSql, timelineSql } from '../src/db/correlation-queries.js';
import { eventPageSql, findEventPage, matchingEventPageSql, recentEventPageSql } from '../src/db/event-queries.js';
import { storedEventsSql } from '../src/db/ingest-queries.js';
import { utcMonthStart } from '../src/db/partitions.js';
import { EMPTY_FILTER, type EventFilter } from '../src/resolvers/event-filter.js';
import { indexesOf, type PlanNode, type PlanSetting, planNodes } from './support/plans.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/*
 * The plans of the API's hot queries, on data spread over 13 monthly partitions (one event an
 * hour for a year, written straight into the table: plans do not care about hash chains), after
 * ANALYZE. PGlite is PostgreSQL 17 compiled to WebAssembly with the same planner, so the same
 * assertions run on both engines.
 *
 * With a few hundred rows per partition a sort or a sequential scan is genuinely the cheapest plan,
 * so the planner picks it; the tests that are about index order or index use switch those plan
 * types off for the one EXPLAIN (SET LOCAL), which shows the index path exists and serves the query
 * as it will on millions of rows. Partition pruning does not depend on costs and is asserted as is.
 */

let t: TestApp;
const DAY = 86_400_000;

beforeAll(async () => {
  t = await createTestApp({ MAX_EVENT_AGE: '400d' });
  await t.query(`SELECT audit_ensure_partition(now() - m * interval '1 month') FROM generate_series(0, 13) m`);
  await t.query(`
    INSERT INTO audit_events (event_id, event_timestamp, event_type, event_category, event_action, event_outcome,
      actor_type, actor_id, resource_type, resource_id, correlation_id, event_data, event_data_digest, sequence,
      event_hash, hash_algorithm)
    SELECT gen_random_uuid(), now() - i * interval '1 hour', 'svc.domain.action' || (i % 20), 'gateway', 'act',
      CASE WHEN i % 10 = 0 THEN 'failure' ELSE 'success' END, 'service', 'actor-' || (i % 200), 'pod', 'p-' || i,
      'rr-' || (i % 400), jsonb_build_object('payload', jsonb_build_object('n', i, 'kind', 'k' || (i % 100))),
      repeat('0', 64), i / 400 + 1, repeat('0', 64), 'sha256'
    FROM generate_series(1, 8700) i`);
  await t.query('ANALYZE audit_events');
});
afterAll(() => t?.close());

const explain = (query: SQL, off: PlanSetting[] = [], verbose = false) => planNodes(t, query, { off, verbose });

const partitionsOf = (nodes: PlanNode[]) =>
  [...new Set(nodes.map((n) => n['Relation Name']).filter((r): r is string => !!r))].sort();
const nodeTypes = (nodes: PlanNode[]) => nodes.map((n) => n['Node Type']);

const partitionName = (d: Date) => `audit_events_${d.getUTCFullYear()}_${String(d.getUTCMonth() + 1).padStart(2, '0')}`;

/**
 * A window open at the top (`since` only) keeps the partitions from its first month on, including
 * the empty ones made ahead of time, and must drop every older one.
 */
function expectPrunedTo(nodes: PlanNode[], sinceMs: number) {
  const first = partitionName(new Date(sinceMs));
  const scanned = partitionsOf(nodes);
  expect(scanned.length).toBeGreaterThan(0);
  expect(scanned.filter((p) => p < first)).toEqual([]);
  expect(scanned).toContain(partitionName(new Date()));
}

const page = (filter: Partial<EventFilter>) =>
  eventPageSql({ filter: { ...EMPTY_FILTER, ...filter }, ascending: false, from: null, to: null, limit: 51 });
const since = (ms: number) => new Date(Date.now() - ms).toISOString();
/** A newest-first page of events whose payload holds kind k7 (one row in 100), over the last `windowMs`. */
const k7Page = (windowMs: number, limit = 51) => ({
  filter: { ...EMPTY_FILTER, dataContains: { payload: { kind: 'k7' } }, since: since(windowMs) },
  ascending: false,
  from: null,
  to: null,
  limit,
});

describe('query plans', () => {
  it("the write path's duplicate check probes each id through the primary key, not the time range", async () => {
    // The last day's events: a time range the timestamp index could scan, as the planner chose
    // to do (with stale statistics, over hundreds of thousands of fresh rows) before the probe.
    // Early in a month the current partition holds a day or two of rows, where a sequential scan
    // is cheapest; with it off, the choice left is the one this test is about: key or time range.
    const recent = await t.query<{ id: string; at: string }>(
      `SELECT event_id::text AS id, event_timestamp::text AS at FROM audit_events
       WHERE event_timestamp > now() - interval '1 day' ORDER BY event_timestamp`,
    );
    const [first, last] = [recent[0]?.at ?? '', recent.at(-1)?.at ?? ''].map((at) => new Date(at).toISOString());
    const nodes = await explain(
      storedEventsSql(
        recent.map((r) => r.id),
        utcMonthStart(first as string),
        utcMonthStart(last as string, 1),
      ),
      ['enable_seqscan'],
    );
    expect(indexesOf(nodes).length).toBeGreaterThan(0);
    expect(indexesOf(nodes).every((i) => /_pkey$/.test(i))).toBe(true);
    expect(nodeTypes(nodes)).toContain('Nested Loop');
  });

  it('a correlation timeline reads the correlation + sequence index in order, with no sort', async () => {
    const nodes = await explain(
      timelineSql({ correlationId: 'rr-7', ascending: true, from: null, to: null, limit: 51 }),
      ['enable_sort', 'enable_seqscan'],
    );
    expect(indexesOf(nodes).length).toBeGreaterThan(0);
    expect(indexesOf(nodes).every((i) => /correlation_id_sequence/.test(i))).toBe(true);
    expect(nodeTypes(nodes)).not.toContain('Sort');
    expect(nodeTypes(nodes)).not.toContain('Seq Scan');
  });

  it('actor + time prunes to the window and reads the actor index in order', async () => {
    const nodes = await explain(page({ columns: [['actorId', ['actor-5']]], since: since(DAY) }), ['enable_sort']);
    expectPrunedTo(nodes, Date.now() - DAY);
    expect(indexesOf(nodes).some((i) => /actor_id_event_timestamp/.test(i))).toBe(true);
    expect(nodeTypes(nodes)).not.toContain('Sort');
  });

  it('outcome + time prunes to the window and reads the outcome index', async () => {
    const nodes = await explain(page({ columns: [['eventOutcome', ['failure']]], since: since(3 * DAY) }), [
      'enable_sort',
    ]);
    expectPrunedTo(nodes, Date.now() - 3 * DAY);
    expect(indexesOf(nodes).some((i) => /event_outcome_event_timestamp/.test(i))).toBe(true);
    expect(nodeTypes(nodes)).not.toContain('Sort');
  });

  it('a containment filter over 31 days uses the GIN index and prunes to the window', async () => {
    const window = 31 * DAY;
    const query = k7Page(window);
    const nodes = await explain(matchingEventPageSql(query), ['enable_seqscan']);
    expectPrunedTo(nodes, Date.now() - window);
    expect(indexesOf(nodes).some((i) => /event_data/.test(i))).toBe(true);
    expect(nodeTypes(nodes)).not.toContain('Seq Scan');
  });

  it('a containment page sorts the matches by their keys and renders only the page as text', async () => {
    const query = k7Page(31 * DAY);
    const nodes = await explain(matchingEventPageSql(query), [], true);
    const sorts = nodes.filter((n) => n['Node Type'] === 'Sort');
    expect(sorts).toHaveLength(1);
    // Below the sort, every match's payload would be rendered as text, not just the page's.
    expect(sorts[0]?.Output?.join(', ')).not.toMatch(/::text/);
    expect(nodes[0]?.Output?.join(', ')).toMatch(/event_data\)?::text/);
  });

  it("a containment page's first walk hands the rows it reads on whole, not rebuilt with the page's columns", async () => {
    // A column left unused by the outer query is replaced by NULL in the inner one's output, which
    // makes every walked row a new row built of the others.
    const columns = new Set(['eventType', 'eventData'] as const);
    const nodes = await explain(recentEventPageSql({ ...k7Page(31 * DAY), columns }, 8000), ['enable_sort'], true);
    const scans = nodes.filter((n) => n['Relation Name']);
    expect(scans.length).toBeGreaterThan(0);
    for (const scan of scans) expect(scan.Output?.join(', ')).not.toMatch(/NULL::/);
    expect(nodes[0]?.Output?.join(', ')).not.toMatch(/event_hash/);
  });

  it('a JSONB page tried on its nearest rows, then on every match, is the page the ordered walk finds', async () => {
    const ids = (found: Array<{ eventId: string }>) => found.map((r) => r.eventId);
    const query = (limit: number) => k7Page(31 * DAY, limit);
    const runner = t.app.deps.db.orm;
    const walk = ids(await rows<{ eventId: string }>(runner, eventPageSql(query(51))));
    expect(walk.length).toBeGreaterThan(3);
    // Matches every 100 hours: the nearest 50 rows hold one, so the first try comes back short ...
    expect(ids(await rows(runner, recentEventPageSql(query(51), 50)))).toEqual(walk.slice(0, 1));
    // ... and the page comes from every match; a page of two is filled by the nearest 300 rows.
    expect(ids(await rows(runner, recentEventPageSql(query(2), 300)))).toEqual(walk.slice(0, 2));

    const statements: string[] = [];
    const stop = t.app.deps.db.observeStatements((statement) => statements.push(statement));
    const fromEveryMatch = ids(await findEventPage(runner, query(51)));
    const askedForAll = statements.splice(0);
    const nearest = await findEventPage(runner, query(2));
    const fromNearest = ids(nearest);
    const askedForTwo = statements.splice(0);
    stop();
    expect(fromEveryMatch).toEqual(walk);
    expect(askedForAll).toHaveLength(2);
    expect(askedForAll[1]).toMatch(/OFFSET 0/);
    expect(fromNearest).toEqual(walk.slice(0, 2));
    // The first walk's whole-row reference is the statement's, not a field of the page's rows.
    for (const row of nearest) expect(row).not.toHaveProperty('wholeRowRead');
    expect(askedForTwo).toHaveLength(1);
    expect(askedForTwo[0]).not.toMatch(/OFFSET 0/);
  });

  it('a JSONB page whose matches lie thousands of rows back is filled by the first walk', async () => {
    // One row in 100 matches: a page of 51 needs about 5,100 of the year's 8,700 rows.
    const query = k7Page(365 * DAY);
    const runner = t.app.deps.db.orm;
    const walk = (await rows<{ eventId: string }>(runner, eventPageSql(query))).map((r) => r.eventId);
    expect(walk).toHaveLength(51);

    const statements: string[] = [];
    const stop = t.app.deps.db.observeStatements((statement) => statements.push(statement));
    const found = await findEventPage(runner, query);
    stop();
    expect(found.map((r) => r.eventId)).toEqual(walk);
    expect(statements).toHaveLength(1);
    expect(statements[0]).not.toMatch(/OFFSET 0/);
  });

  it('a page filtered by path predicates alone keeps the ordered walk (one statement)', async () => {
    const statements: string[] = [];
    const stop = t.app.deps.db.observeStatements((statement) => statements.push(statement));
    const filter = {
      ...EMPTY_FILTER,
      dataPaths: [{ segments: ['payload', 'kind'], op: 'eq' as const, value: 'k7' }],
      since: since(31 * DAY),
    };
    const found = await findEventPage(t.app.deps.db.orm, { filter, ascending: false, from: null, to: null, limit: 51 });
    stop();
    expect(found.length).toBeGreaterThan(3);
    expect(statements).toHaveLength(1);
    expect(statements[0]).not.toMatch(/OFFSET 0/);
  });

  it('a keyset page over time alone reads the timestamp index with no sort', async () => {
    const nodes = await explain(
      eventPageSql({
        filter: EMPTY_FILTER,
        ascending: false,
        from: { timestamp: since(40 * DAY), eventId: '00000000-0000-0000-0000-000000000000' },
        to: null,
        limit: 51,
      }),
    );
    expect(indexesOf(nodes).some((i) => /event_timestamp_event_id/.test(i))).toBe(true);
    expect(nodeTypes(nodes)).not.toContain('Sort');
  });

  it('correlations reads the chain heads by last activity with no sort', async () => {
    await t.query(`
      INSERT INTO audit_chain_heads (correlation_id, last_sequence, event_count, success_count, first_event_at,
        last_event_at, last_outcome, categories)
      SELECT 'rr-' || i, 1, 1, 1, now() - i * interval '1 minute', now() - i * interval '1 minute', 'success',
        ARRAY['gateway']
      FROM generate_series(1, 3000) i ON CONFLICT DO NOTHING`);
    await t.query('ANALYZE audit_chain_heads');
    const nodes = await explain(
      headPageSql({
        filter: { since: null, until: null, category: null, outcome: null, lastOutcome: null },
        ascending: false,
        from: null,
        to: null,
        limit: 51,
      }),
    );
    expect(indexesOf(nodes)).toContain('audit_chain_heads_last_event_at_idx');
    expect(nodeTypes(nodes)).not.toContain('Sort');
  });
});
