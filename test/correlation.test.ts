import { readFileSync } from 'node:fs';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEventInput, ListCorrelationsQueryVariables } from '../generated/graphql/graphql.js';
import { RecordAuditEvents } from './support/documents.js';
import { isoAgo, makeEvent } from './support/events.js';
import { GetCorrelation, ListCorrelations } from './support/query-documents.js';
import { isRequestStatement } from './support/statements.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const HOUR = 3_600_000;
let t: TestApp;
type PageOfSequences = { edges: Array<{ node: { sequence: number } }> };

// rr-x: 5 events over two categories, last recorded one failed; rr-y: 2 gateway events; rr-z: 1 old workflow event.
const x: AuditEventInput[] = [
  makeEvent({ correlationId: 'rr-x', eventTimestamp: isoAgo(5 * HOUR), eventCategory: 'gateway' }),
  makeEvent({ correlationId: 'rr-x', eventTimestamp: isoAgo(4 * HOUR), eventCategory: 'analysis' }),
  makeEvent({ correlationId: 'rr-x', eventTimestamp: isoAgo(3 * HOUR), eventOutcome: 'PENDING' }),
];
const xLater: AuditEventInput[] = [
  // Recorded later but happened earlier: the timeline follows the sequence, not the clock.
  makeEvent({ correlationId: 'rr-x', eventTimestamp: isoAgo(6 * HOUR), eventCategory: 'analysis' }),
  makeEvent({ correlationId: 'rr-x', eventTimestamp: isoAgo(1 * HOUR), eventOutcome: 'FAILURE' }),
];
const y = [
  makeEvent({ correlationId: 'rr-y', eventTimestamp: isoAgo(2 * HOUR) }),
  makeEvent({ correlationId: 'rr-y', eventTimestamp: isoAgo(0.5 * HOUR) }),
];
const z = [makeEvent({ correlationId: 'rr-z', eventTimestamp: isoAgo(50 * HOUR), eventCategory: 'workflow' })];

beforeAll(async () => {
  t = await createTestApp();
  for (const events of [x, y, z, xLater]) {
    expect((await t.gql(RecordAuditEvents, { events })).errors).toBeUndefined();
  }
});
afterAll(() => t?.close());

describe('correlation(id:)', () => {
  it('summarises the remediation from its chain head', async () => {
    const result = await t.gql(GetCorrelation, { id: 'rr-x' });
    expect(result.errors).toBeUndefined();
    const c = result.data?.correlation;
    expect(c).toMatchObject({
      correlationId: 'rr-x',
      eventCount: 5,
      successCount: 3,
      failureCount: 1,
      pendingCount: 1,
      lastSequence: 5,
      lastOutcome: 'FAILURE',
      categories: ['analysis', 'gateway'],
    });
    const stored = await t.query<{ first: string; last: string }>(
      `SELECT to_char(min(event_timestamp) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS first,
              to_char(max(event_timestamp) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS last
       FROM audit_events WHERE correlation_id = 'rr-x'`,
    );
    expect([c?.firstEventAt, c?.lastEventAt]).toEqual([stored[0]?.first, stored[0]?.last]);
  });

  it('lists its events in sequence order, page by page', async () => {
    const first = await t.gql(GetCorrelation, { id: 'rr-x', first: 3 });
    const events1 = first.data?.correlation?.events;
    expect(events1?.edges.map((e) => e.node.sequence)).toEqual([1, 2, 3]);
    expect(events1?.pageInfo.hasNextPage).toBe(true);
    const second = await t.gql(GetCorrelation, { id: 'rr-x', first: 3, after: events1?.pageInfo.endCursor });
    const events2 = second.data?.correlation?.events;
    expect(events2?.edges.map((e) => e.node.sequence)).toEqual([4, 5]);
    expect(events2?.edges.map((e) => e.node.eventId)).toEqual(xLater.map((e) => e.eventId));
    expect(events2?.pageInfo.hasNextPage).toBe(false);
    const back = await t.gql(GetCorrelation, { id: 'rr-x', last: 2, before: events2?.pageInfo.startCursor });
    expect(back.data?.correlation?.events.edges.map((e) => e.node.sequence)).toEqual([2, 3]);
  });

  it('reads its summary and the page of events asked with it in one statement', async () => {
    const statements: string[] = [];
    const stop = t.app.deps.db.observeStatements((s) => {
      if (isRequestStatement(s)) statements.push(s);
    });
    try {
      const result = await t.gql(GetCorrelation, { id: 'rr-x', first: 2 });
      expect(result.data?.correlation?.eventCount).toBe(5);
      expect(result.data?.correlation?.events.edges.map((e) => e.node.sequence)).toEqual([1, 2]);
    } finally {
      stop();
    }
    expect(statements).toHaveLength(1);
  });

  it('serves two aliased pages of events each as asked', async () => {
    const TwoPages = parse(`query ($id: String!) {
      correlation(id: $id) {
        eventCount
        head: events(first: 2) { edges { node { sequence } } }
        tail: events(last: 2) { edges { node { sequence } } }
      }
    }`) as TypedDocumentNode<
      {
        correlation: { eventCount: number; head: PageOfSequences; tail: PageOfSequences } | null;
      },
      { id: string }
    >;
    const result = await t.gql(TwoPages, { id: 'rr-x' });
    expect(result.errors).toBeUndefined();
    expect(result.data?.correlation?.head.edges.map((e) => e.node.sequence)).toEqual([1, 2]);
    expect(result.data?.correlation?.tail.edges.map((e) => e.node.sequence)).toEqual([4, 5]);
  });

  it('reports a wrong page argument on its events field', async () => {
    const result = await t.gql(GetCorrelation, { id: 'rr-x', first: 5000 });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]).toMatchObject({ path: ['correlation', 'events'] });
  });

  it('is null for a correlation with no events', async () => {
    const result = await t.gql(GetCorrelation, { id: 'rr-unknown' });
    expect(result.errors).toBeUndefined();
    expect(result.data?.correlation).toBeNull();
  });
});

describe('correlations', () => {
  const ids = async (variables: ListCorrelationsQueryVariables) => {
    const result = await t.gql(ListCorrelations, variables);
    expect(result.errors).toBeUndefined();
    return result.data?.correlations.edges.map((e) => e.node.correlationId);
  };

  it('lists remediations by last activity, newest first', async () => {
    expect(await ids({})).toEqual(['rr-y', 'rr-x', 'rr-z']);
  });

  it('pages with cursors', async () => {
    const first = await t.gql(ListCorrelations, { first: 2 });
    expect(first.data?.correlations.pageInfo.hasNextPage).toBe(true);
    const next = await t.gql(ListCorrelations, { first: 2, after: first.data?.correlations.pageInfo.endCursor });
    expect(next.data?.correlations.edges.map((e) => e.node.correlationId)).toEqual(['rr-z']);
    expect(next.data?.correlations.pageInfo.hasNextPage).toBe(false);
  });

  it.each([
    ['since (relative)', { since: '24h' }, ['rr-y', 'rr-x']],
    ['until (relative)', { until: '45m' }, ['rr-x', 'rr-z']],
    ['since (absolute)', { since: isoAgo(1.5 * HOUR) }, ['rr-y', 'rr-x']],
    ['category', { category: 'analysis' }, ['rr-x']],
    ['category and since', { category: 'workflow', since: '24h' }, []],
    ['outcome (any event)', { outcome: 'PENDING' }, ['rr-x']],
    ['last outcome', { lastOutcome: 'SUCCESS' }, ['rr-y', 'rr-z']],
  ] as const)('filters by %s', async (_name, filter, expected) => {
    expect(await ids({ filter })).toEqual(expected);
  });

  it('refuses a malformed time bound', async () => {
    const result = await t.gql(ListCorrelations, { filter: { since: '-1h' } });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('migration 0004 on chain heads recorded before 0003', () => {
  it('backfills last outcome and categories from the events', async () => {
    await t.query(`UPDATE audit_chain_heads SET last_outcome = NULL, categories = '{}' WHERE correlation_id = 'rr-x'`);
    await t.query(readFileSync(new URL('../drizzle/0004_backfill_chain_head_summary.sql', import.meta.url), 'utf8'));
    const result = await t.gql(GetCorrelation, { id: 'rr-x', first: 0 });
    expect(result.data?.correlation).toMatchObject({ lastOutcome: 'FAILURE', categories: ['analysis', 'gateway'] });
  });
});
