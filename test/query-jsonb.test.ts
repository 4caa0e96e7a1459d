import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEventDataPath, AuditEventFilter } from '../generated/graphql/graphql.js';
import { RecordAuditEvents } from './support/documents.js';
import { isoAgo, makeEvent } from './support/events.js';
import { ListEventIds } from './support/query-documents.js';
import { createTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
const j1 = makeEvent({
  eventTimestamp: isoAgo(60_000),
  eventData: {
    payload: {
      items: [
        { name: 'disk', size: 10 },
        { name: 'cpu', size: 3 },
      ],
      replicas: 3,
      label: 'alpha',
      flag: true,
    },
  },
});
const j2 = makeEvent({
  eventTimestamp: isoAgo(120_000),
  eventData: { payload: { items: [{ name: 'mem', size: 25 }], replicas: 12, label: 'beta', note: null } },
});
const j3 = makeEvent({
  eventTimestamp: isoAgo(180_000),
  eventData: { payload: { replicas: '3', label: 'gamma', 'odd key': { x: 1 } } },
});
const names = new Map([j1, j2, j3].map((e, i) => [e.eventId, `j${i + 1}`]));

beforeAll(async () => {
  t = await createTestApp();
  expect((await t.gql(RecordAuditEvents, { events: [j1, j2, j3] })).errors).toBeUndefined();
});
afterAll(() => t?.close());

const windowed = (filter: AuditEventFilter): AuditEventFilter => ({ since: '1d', ...filter });

async function matching(filter: AuditEventFilter): Promise<string[]> {
  const result = await t.gql(ListEventIds, { filter: windowed(filter) });
  expect(result.errors).toBeUndefined();
  return (result.data?.auditEvents.nodes ?? []).map((n) => names.get(n.eventId) ?? n.eventId).sort();
}

const path = (predicate: AuditEventDataPath) => matching({ dataPath: [predicate] });

async function errorOf(filter: AuditEventFilter) {
  const result = await t.gql(ListEventIds, { filter });
  expect(result.data?.auditEvents ?? null).toBeNull();
  const first = result.errors?.[0];
  return { code: first?.extensions?.code, argument: first?.extensions?.argument, message: first?.message ?? '' };
}

describe('containment', () => {
  it('matches nested objects and array members', async () => {
    expect(await matching({ dataContains: { payload: { label: 'alpha' } } })).toEqual(['j1']);
    expect(await matching({ dataContains: { payload: { items: [{ name: 'mem' }] } } })).toEqual(['j2']);
    expect(await matching({ dataContains: { payload: { flag: true } } })).toEqual(['j1']);
  });
});

describe('path predicates', () => {
  it.each<[string, AuditEventDataPath, string[]]>([
    ['eq on a number', { path: 'payload.replicas', eq: 3 }, ['j1']],
    ['eq on a string', { path: 'payload.replicas', eq: '3' }, ['j3']],
    ['eq inside an array element', { path: 'payload.items[1].name', eq: 'cpu' }, ['j1']],
    ['eq respects the array position', { path: 'payload.items[0].name', eq: 'cpu' }, []],
    ['eq on a boolean', { path: 'payload.flag', eq: true }, ['j1']],
    ['ne', { path: 'payload.label', ne: 'alpha' }, ['j2', 'j3']],
    ['gt compares numbers as numbers', { path: 'payload.replicas', gt: 5 }, ['j2']],
    ['gte', { path: 'payload.replicas', gte: 3 }, ['j1', 'j2']],
    ['lt', { path: 'payload.replicas', lt: 12 }, ['j1']],
    ['lte', { path: 'payload.replicas', lte: 12 }, ['j1', 'j2']],
    ['gt compares strings as strings', { path: 'payload.label', gt: 'b' }, ['j2', 'j3']],
    ['lt on a nested array number', { path: 'payload.items[0].size', lt: 20 }, ['j1']],
    ['in', { path: 'payload.label', in: ['alpha', 'gamma', 7] }, ['j1', 'j3']],
    ['exists (a null value is present)', { path: 'payload.note', exists: true }, ['j2']],
    ['exists false', { path: 'payload.items', exists: false }, ['j3']],
    ['like', { path: 'payload.label', like: 'al%' }, ['j1']],
    ['a quoted key', { path: 'payload["odd key"].x', eq: 1 }, ['j3']],
  ])('%s', async (_name, predicate, expected) => {
    expect(await path(predicate)).toEqual(expected);
  });

  it('combines path predicates, containment and other filters', async () => {
    const filter: AuditEventFilter = {
      dataPath: [
        { path: 'payload.replicas', gte: 3 },
        { path: 'payload.label', like: '%a' },
      ],
      or: [
        { dataContains: { payload: { items: [{ name: 'mem' }] } } },
        { dataPath: [{ path: 'payload.flag', eq: true }] },
      ],
      not: { dataPath: [{ path: 'payload.label', eq: 'beta' }] },
    };
    expect(await matching(filter)).toEqual(['j1']);
  });
});

describe('injection attempts and malformed input', () => {
  it.each([
    "payload'; DROP TABLE audit_events; --",
    'payload) OR 1=1 --',
    'payload.items[0',
    'payload..label',
    'payload.items[-1]',
    'payload.',
    '',
    'a.b.c.d.e.f.g.h.i.j.k',
    'payload["unterminated]',
  ])('the path %j is BAD_USER_INPUT', async (bad) => {
    const { code, message } = await errorOf(windowed({ dataPath: [{ path: bad, eq: 1 }] }));
    expect(code).toBe('BAD_USER_INPUT');
    expect(message).toMatch(/path/);
  });

  it('values that look like SQL are bound parameters and match nothing', async () => {
    expect(await path({ path: 'payload.label', eq: "x' OR '1'='1" })).toEqual([]);
    expect(await path({ path: 'payload.label', like: "%' OR 1=1 --" })).toEqual([]);
    expect(await path({ path: 'payload.label', in: ["'); DELETE FROM audit_events; --"] })).toEqual([]);
    expect(await matching({ dataContains: { "a'": "'; DROP TABLE audit_events; --" } })).toEqual([]);
    expect(await matching({ correlationId: "rr' OR ''='" })).toEqual([]);
    const [{ count }] = (await t.query<{ count: number }>('SELECT count(*)::int AS count FROM audit_events')) as [
      { count: number },
    ];
    expect(count).toBe(3);
  });

  it.each<[string, AuditEventDataPath]>([
    ['two operators', { path: 'payload.replicas', eq: 3, gt: 1 }],
    ['no operator', { path: 'payload.replicas' }],
    ['an object to compare with', { path: 'payload', eq: { label: 'alpha' } }],
    ['a boolean to order by', { path: 'payload.flag', gt: true }],
    ['a list holding an object', { path: 'payload.label', in: [{ a: 1 }] }],
  ])('%s is BAD_USER_INPUT', async (_name, predicate) => {
    expect((await errorOf(windowed({ dataPath: [predicate] }))).code).toBe('BAD_USER_INPUT');
  });
});

describe('text PostgreSQL cannot compare', () => {
  it.each<[string, AuditEventFilter, string | undefined]>([
    ['a NUL in a column filter, naming its argument', { actorIds: ['ok', 'bad\u0000'] }, 'actorIds'],
    ['a NUL in the type prefix, naming its argument', { eventTypePrefix: 'a\u0000' }, 'eventTypePrefix'],
    ['a NUL in a containment document', { dataContains: { payload: { label: 'a\u0000' } } }, undefined],
    ['an unpaired surrogate in a path comparison', { dataPath: [{ path: 'payload.label', eq: 'a\ud800' }] }, undefined],
  ])('%s is BAD_USER_INPUT', async (_name, filter, argument) => {
    const error = await errorOf(windowed(filter));
    expect(error.code).toBe('BAD_USER_INPUT');
    if (argument) expect(error.argument).toBe(argument);
  });
});

describe('a JSONB filter without a time window', () => {
  it.each<[string, AuditEventFilter]>([
    ['containment', { dataContains: { payload: { label: 'alpha' } } }],
    ['a path predicate', { dataPath: [{ path: 'payload.replicas', eq: 3 }] }],
    ['inside or', { or: [{ actorId: 'x' }, { dataContains: { a: 1 } }] }],
    ['with only until', { until: '1h', dataContains: { a: 1 } }],
  ])('%s is TIME_WINDOW_REQUIRED', async (_name, filter) => {
    expect((await errorOf(filter)).code).toBe('TIME_WINDOW_REQUIRED');
  });

  it('is accepted with since inside a top-level and', async () => {
    const result = await t.gql(ListEventIds, {
      filter: { and: [{ since: '1d' }], dataContains: { payload: { label: 'beta' } } },
    });
    expect(result.data?.auditEvents.nodes.map((n) => names.get(n.eventId))).toEqual(['j2']);
  });
});
