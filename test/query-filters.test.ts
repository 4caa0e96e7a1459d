import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEventFilter } from '../generated/graphql/graphql.js';
import { RecordAuditEvents } from './support/documents.js';
import { DAY, isoAgo, makeEvent } from './support/events.js';
import { ListEventIds } from './support/query-documents.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const HOUR = 3_600_000;
let t: TestApp;
const e1 = makeEvent({
  eventTimestamp: isoAgo(HOUR),
  eventType: 'gateway.signal.received',
  eventCategory: 'gateway',
  eventAction: 'received',
  eventOutcome: 'SUCCESS',
  actor: { type: 'service', id: 'gw-1' },
  resource: { type: 'alert', id: 'a-1' },
  namespace: 'prod',
  clusterId: 'c1',
  severity: 'high',
  correlationId: 'rr-a',
});
const e2 = makeEvent({
  eventTimestamp: isoAgo(2 * DAY),
  eventType: 'aianalysis.analysis.completed',
  eventCategory: 'analysis',
  eventAction: 'completed',
  eventOutcome: 'FAILURE',
  actor: { type: 'user', id: 'alice' },
  resource: { type: 'pod', id: 'p-1' },
  namespace: 'staging',
  clusterId: 'c2',
  severity: 'low',
  correlationId: 'rr-a',
  parentEventId: e1.eventId,
});
const e3 = makeEvent({
  eventTimestamp: isoAgo(5 * DAY),
  eventType: 'gateway.signal.deduplicated',
  eventCategory: 'gateway',
  eventAction: 'deduplicated',
  eventOutcome: 'PENDING',
  actor: { type: 'service', id: 'gw-2' },
  resource: { type: 'alert', id: 'a-2' },
  namespace: 'prod',
  clusterId: 'c2',
  correlationId: 'rr-b',
});
const e4 = makeEvent({
  eventTimestamp: isoAgo(9 * DAY),
  eventType: 'workflow.execution.started',
  eventCategory: 'workflow',
  eventAction: 'started',
  eventOutcome: 'SUCCESS',
  actor: { type: 'service', id: 'wf-1' },
  resource: { type: 'workflow', id: 'w-1' },
  namespace: 'prod',
  clusterId: 'c1',
  severity: 'high',
  correlationId: 'rr-b',
});
const names = new Map([e1, e2, e3, e4].map((e, i) => [e.eventId, `e${i + 1}`]));

beforeAll(async () => {
  t = await createTestApp();
  const recorded = await t.gql(RecordAuditEvents, { events: [e4, e3, e1, e2] });
  expect(recorded.errors).toBeUndefined();
});
afterAll(() => t?.close());

async function matching(filter: AuditEventFilter): Promise<string[]> {
  const result = await t.gql(ListEventIds, { filter });
  expect(result.errors).toBeUndefined();
  return (result.data?.auditEvents.nodes ?? []).map((n) => names.get(n.eventId) ?? n.eventId).sort();
}

async function errorCode(filter: AuditEventFilter, first?: number): Promise<string | undefined> {
  const result = await t.gql(ListEventIds, { filter, first });
  return result.errors?.[0]?.extensions?.code;
}

describe('each filter alone', () => {
  it.each<[string, AuditEventFilter, string[]]>([
    ['eventIds', { eventIds: [e1.eventId as string, e3.eventId as string] }, ['e1', 'e3']],
    ['correlationId', { correlationId: 'rr-a' }, ['e1', 'e2']],
    ['correlationIds', { correlationIds: ['rr-b', 'rr-none'] }, ['e3', 'e4']],
    ['eventType', { eventType: 'workflow.execution.started' }, ['e4']],
    ['eventTypes', { eventTypes: ['workflow.execution.started', 'aianalysis.analysis.completed'] }, ['e2', 'e4']],
    ['eventTypePrefix', { eventTypePrefix: 'gateway.' }, ['e1', 'e3']],
    ['category', { category: 'gateway' }, ['e1', 'e3']],
    ['action', { action: 'started' }, ['e4']],
    ['outcome', { outcome: 'FAILURE' }, ['e2']],
    ['outcomes', { outcomes: ['SUCCESS', 'PENDING'] }, ['e1', 'e3', 'e4']],
    ['actorType', { actorType: 'user' }, ['e2']],
    ['actorId', { actorId: 'gw-1' }, ['e1']],
    ['actorIds', { actorIds: ['gw-1', 'wf-1'] }, ['e1', 'e4']],
    ['resourceType', { resourceType: 'alert' }, ['e1', 'e3']],
    ['resourceId', { resourceId: 'p-1' }, ['e2']],
    ['namespace', { namespace: 'staging' }, ['e2']],
    ['clusterId', { clusterId: 'c1' }, ['e1', 'e4']],
    ['severity', { severity: 'high' }, ['e1', 'e4']],
    ['parentEventId', { parentEventId: e1.eventId }, ['e2']],
    ['relative since', { since: '3d' }, ['e1', 'e2']],
    ['relative until', { until: '3d' }, ['e3', 'e4']],
    ['minutes and hours', { since: '30h', until: '30m' }, ['e1']],
    ['absolute since and until', { since: isoAgo(6 * DAY), until: isoAgo(1.5 * DAY) }, ['e2', 'e3']],
    ['inclusive bounds', { since: e3.eventTimestamp, until: e3.eventTimestamp }, ['e3']],
  ])('%s', async (_name, filter, expected) => {
    expect(await matching(filter)).toEqual(expected);
  });

  it('an empty filter returns everything, newest first', async () => {
    const result = await t.gql(ListEventIds, {});
    expect(result.data?.auditEvents.nodes.map((n) => names.get(n.eventId))).toEqual(['e1', 'e2', 'e3', 'e4']);
  });

  it('a filter nothing matches returns an empty page', async () => {
    expect(await matching({ actorId: 'nobody' })).toEqual([]);
  });
});

describe('filters combined', () => {
  it('ANDs the fields of one filter', async () => {
    expect(await matching({ category: 'gateway', namespace: 'prod', since: '7d' })).toEqual(['e1', 'e3']);
    expect(await matching({ correlationId: 'rr-b', severity: 'high', actorType: 'service' })).toEqual(['e4']);
  });

  it('or matches any member', async () => {
    expect(await matching({ or: [{ actorId: 'alice' }, { severity: 'high' }] })).toEqual(['e1', 'e2', 'e4']);
  });

  it('not excludes its matches, and counts a missing value as not matching', async () => {
    expect(await matching({ not: { category: 'gateway' } })).toEqual(['e2', 'e4']);
    expect(await matching({ and: [{ namespace: 'prod' }, { not: { severity: 'high' } }] })).toEqual(['e3']);
  });

  it('nests and, or and not with the other fields', async () => {
    const filter: AuditEventFilter = {
      since: '10d',
      or: [{ and: [{ category: 'gateway' }, { not: { outcome: 'PENDING' } }] }, { clusterId: 'c2', actorType: 'user' }],
    };
    expect(await matching(filter)).toEqual(['e1', 'e2']);
  });
});

describe('bad filters', () => {
  it.each<[string, AuditEventFilter]>([
    ['a negative duration', { since: '-24h' }],
    ['a malformed duration', { since: 'yesterday' }],
    ['an impossible date', { until: '2026-02-30T00:00:00Z' }],
    ['an empty list', { actorIds: [] }],
    ['nesting too deep', { not: { not: { not: { not: { not: { not: { actorId: 'x' } } } } } } }],
  ])('%s is BAD_USER_INPUT', async (_name, filter) => {
    expect(await errorCode(filter)).toBe('BAD_USER_INPUT');
  });

  it('a malformed UUID is BAD_USER_INPUT', async () => {
    expect(await errorCode({ eventIds: ['not-a-uuid'] })).toBe('BAD_USER_INPUT');
  });

  it('a page larger than 1000 is BAD_USER_INPUT', async () => {
    expect(await errorCode({}, 1001)).toBe('BAD_USER_INPUT');
  });
});
