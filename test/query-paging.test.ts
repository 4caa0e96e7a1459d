import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEventInput } from '../generated/graphql/graphql.js';
import { RecordAuditEvents } from './support/documents.js';
import { makeEvent } from './support/events.js';
import { CountEvents, ListEvents, NodeById } from './support/query-documents.js';
import { createTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
const base = Date.now() - 3_600_000;

/** An ISO time `secondsBack` before base with an exact microsecond fraction. */
const at = (secondsBack: number, micros: number) =>
  `${new Date(Math.floor(base / 1000) * 1000 - secondsBack * 1000).toISOString().slice(0, 19)}.${String(micros).padStart(6, '0')}Z`;

// 75 events; every fifth shares its timestamp with the one before, so ties must break on eventId.
const original: AuditEventInput[] = Array.from({ length: 75 }, (_, i) =>
  makeEvent({ correlationId: 'rr-paging', eventTimestamp: at(i - (i % 5 === 4 ? 1 : 0), 123_457) }),
);
let recent = 0;
const insertRecent = async (count: number) => {
  const events = Array.from({ length: count }, () =>
    makeEvent({ correlationId: 'rr-paging', eventTimestamp: at(-600 - recent++, 1) }),
  );
  expect((await t.gql(RecordAuditEvents, { events })).errors).toBeUndefined();
  return events.map((e) => e.eventId as string);
};

beforeAll(async () => {
  t = await createTestApp();
  expect((await t.gql(RecordAuditEvents, { events: original })).errors).toBeUndefined();
});
afterAll(() => t?.close());

const originalIds = () => original.map((e) => e.eventId as string).sort();

describe('paging 75 events by 50 while events arrive', () => {
  it('forwards sees each event exactly once, newest first', async () => {
    const first = await t.gql(ListEvents, { first: 50 });
    expect(first.errors).toBeUndefined();
    const page1 = first.data?.auditEvents;
    expect(page1?.edges).toHaveLength(50);
    expect(page1?.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    await insertRecent(5);
    const second = await t.gql(ListEvents, { first: 50, after: page1?.pageInfo.endCursor });
    const page2 = second.data?.auditEvents;
    expect(page2?.edges).toHaveLength(25);
    expect(page2?.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const seen = [...(page1?.edges ?? []), ...(page2?.edges ?? [])].map((e) => e.node);
    expect(seen.map((n) => n.eventId).sort()).toEqual(originalIds());
    const keys = seen.map((n) => `${n.eventTimestamp}|${n.eventId}`);
    expect(keys).toEqual([...keys].sort().reverse());
  });

  it('backwards sees each event exactly once, and the arrivals at the far end once too', async () => {
    const last = await t.gql(ListEvents, { last: 50, filter: { until: at(-1, 0) } });
    const page1 = last.data?.auditEvents;
    expect(page1?.edges).toHaveLength(50);
    expect(page1?.pageInfo).toMatchObject({ hasPreviousPage: true });
    const arrived = await insertRecent(3);
    const previous = await t.gql(ListEvents, { last: 50, before: page1?.pageInfo.startCursor });
    const page2 = previous.data?.auditEvents;
    const seen = [...(page2?.edges ?? []), ...(page1?.edges ?? [])].map((e) => e.node.eventId);
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of [...originalIds(), ...arrived]) expect(seen).toContain(id);
    expect(page2?.pageInfo.hasNextPage).toBe(true);
  });

  it('oldest first pages the same events in the opposite order', async () => {
    const filter = { correlationId: 'rr-paging', until: at(-1, 0) };
    const a = await t.gql(ListEvents, { filter, orderBy: 'TIMESTAMP_ASC', first: 50 });
    const b = await t.gql(ListEvents, {
      filter,
      orderBy: 'TIMESTAMP_ASC',
      first: 50,
      after: a.data?.auditEvents.pageInfo.endCursor,
    });
    const seen = [...(a.data?.auditEvents.edges ?? []), ...(b.data?.auditEvents.edges ?? [])].map((e) => e.node);
    expect(seen.map((n) => n.eventId).sort()).toEqual(originalIds());
    const keys = seen.map((n) => `${n.eventTimestamp}|${n.eventId}`);
    expect(keys).toEqual([...keys].sort());
  });
});

describe('cursors at microsecond precision', () => {
  it('tell apart events one microsecond apart', async () => {
    const close = [makeEvent({ eventTimestamp: at(7200, 500_001) }), makeEvent({ eventTimestamp: at(7200, 500_002) })];
    close.push(makeEvent({ eventTimestamp: at(7200, 500_001) }));
    expect((await t.gql(RecordAuditEvents, { events: close })).errors).toBeUndefined();
    const filter = { since: at(7200, 500_000), until: at(7200, 500_003) };
    const seen: string[] = [];
    let after: string | null | undefined;
    for (let i = 0; i < 4; i++) {
      const page = (await t.gql(ListEvents, { filter, first: 1, after })).data?.auditEvents;
      seen.push(...(page?.edges ?? []).map((e) => e.node.eventTimestamp));
      after = page?.pageInfo.endCursor;
      if (!page?.pageInfo.hasNextPage) break;
    }
    expect(seen).toEqual([at(7200, 500_002), at(7200, 500_001), at(7200, 500_001)]);
  });
});

describe('an empty result', () => {
  it('has no edges, no cursors and a zero total', async () => {
    const result = await t.gql(CountEvents, { filter: { actorId: 'nobody-at-all' } });
    expect(result.errors).toBeUndefined();
    expect(result.data?.auditEvents).toEqual({ totalCount: 0, nodes: [] });
    const page = await t.gql(ListEvents, { filter: { actorId: 'nobody-at-all' } });
    expect(page.data?.auditEvents).toEqual({
      edges: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
    });
  });
});

describe('totalCount', () => {
  it('counts every match but runs its COUNT only when selected', async () => {
    const statements: string[] = [];
    const stop = t.app.deps.db.observeStatements((s) => statements.push(s));
    try {
      const counted = await t.gql(CountEvents, { filter: { correlationId: 'rr-paging' }, first: 2 });
      expect(counted.data?.auditEvents.totalCount).toBe(75 + recent);
      expect(statements.filter((s) => /count\(\*\)/i.test(s))).toHaveLength(1);
      statements.length = 0;
      await t.gql(ListEvents, { filter: { correlationId: 'rr-paging' }, first: 2 });
      expect(statements.filter((s) => /count\(\*\)/i.test(s))).toHaveLength(0);
    } finally {
      stop();
    }
  });
});

describe('node(id:)', () => {
  it('resolves the global id of an event', async () => {
    const page = await t.gql(ListEvents, { first: 1 });
    const node = page.data?.auditEvents.edges[0]?.node;
    const result = await t.gql(NodeById, { id: node?.id as string });
    expect(result.data?.node).toMatchObject({ id: node?.id, eventId: node?.eventId });
  });
});

describe('bad paging arguments', () => {
  it.each([
    ['a forged cursor', { after: 'bm90LWEtY3Vyc29y' }],
    ['a cursor of another connection', { after: Buffer.from('s1|5').toString('base64url') }],
    ['first and last together', { first: 1, last: 1 }],
    ['a negative first', { first: -1 }],
    ['first over 1000', { first: 1001 }],
    ['last over 1000', { last: 5000 }],
  ])('%s is BAD_USER_INPUT', async (_name, args) => {
    const result = await t.gql(ListEvents, args);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('node(id:) with a bad id', () => {
  it.each([
    ['not base64 of a global id', 'garbage'],
    ['a global id whose key is not a UUID', Buffer.from('AuditEvent:1; DROP TABLE audit_events').toString('base64')],
    ['a global id of an unknown type', Buffer.from('Nope:0197a1b2-0000-7000-8000-000000000000').toString('base64')],
  ])('%s is a coded error', async (_name, id) => {
    const result = await t.gql(NodeById, { id });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
