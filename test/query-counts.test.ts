import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventCountsQueryVariables } from '../generated/graphql/graphql.js';
import { RecordAuditEvents } from './support/documents.js';
import { makeEvent } from './support/events.js';
import { EventCounts } from './support/query-documents.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const h0 = Math.floor((Date.now() - 5 * HOUR) / HOUR) * HOUR;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  const events = [
    makeEvent({ eventTimestamp: iso(h0 + 10 * MINUTE), eventType: 'a.b.c', actor: { id: 'u1' } }),
    makeEvent({ eventTimestamp: iso(h0 + 10 * MINUTE + 5_000), eventType: 'a.b.c', eventOutcome: 'FAILURE' }),
    makeEvent({ eventTimestamp: iso(h0 + 20 * MINUTE), eventType: 'x.y.z', eventCategory: 'workflow' }),
    makeEvent({ eventTimestamp: iso(h0 + 70 * MINUTE), eventType: 'a.b.c', eventOutcome: 'FAILURE' }),
  ];
  expect((await t.gql(RecordAuditEvents, { events })).errors).toBeUndefined();
});
afterAll(() => t?.close());

const counts = async (variables: EventCountsQueryVariables) => {
  const result = await t.gql(EventCounts, variables);
  expect(result.errors).toBeUndefined();
  return result.data?.auditEventCounts ?? [];
};

describe('auditEventCounts', () => {
  it('counts everything in one row without grouping', async () => {
    expect(await counts({})).toEqual([
      { bucket: null, eventType: null, category: null, outcome: null, actorId: null, count: 4 },
    ]);
  });

  it('groups by outcome', async () => {
    const rows = await counts({ groupBy: ['OUTCOME'] });
    expect(rows.map((r) => [r.outcome, r.count])).toEqual([
      ['FAILURE', 2],
      ['SUCCESS', 2],
    ]);
  });

  it('groups by hour and event type, in bucket order, for a failure-rate chart', async () => {
    const rows = await counts({ groupBy: ['EVENT_TYPE', 'OUTCOME'], interval: 'HOUR', filter: { since: '1d' } });
    expect(rows.map((r) => [r.bucket, r.eventType, r.outcome, r.count])).toEqual([
      [iso(h0), 'a.b.c', 'FAILURE', 1],
      [iso(h0), 'a.b.c', 'SUCCESS', 1],
      [iso(h0), 'x.y.z', 'SUCCESS', 1],
      [iso(h0 + HOUR), 'a.b.c', 'FAILURE', 1],
    ]);
  });

  it('groups by category and actor with a filter', async () => {
    const rows = await counts({ groupBy: ['CATEGORY', 'ACTOR_ID'], filter: { eventTypePrefix: 'a.' } });
    expect(rows.map((r) => [r.category, r.actorId, r.count])).toEqual([
      ['gateway', 'gateway-service', 2],
      ['gateway', 'u1', 1],
    ]);
  });

  it('buckets by minute and by day', async () => {
    const minutes = await counts({ interval: 'MINUTE' });
    expect(minutes.map((r) => [r.bucket, r.count])).toEqual([
      [iso(h0 + 10 * MINUTE), 2],
      [iso(h0 + 20 * MINUTE), 1],
      [iso(h0 + 70 * MINUTE), 1],
    ]);
    const days = await counts({ interval: 'DAY' });
    expect(days.reduce((sum, r) => sum + r.count, 0)).toBe(4);
    expect(days.every((r) => r.bucket?.endsWith('T00:00:00.000000Z'))).toBe(true);
  });

  it('refuses a JSONB filter without a time window', async () => {
    const result = await t.gql(EventCounts, { filter: { dataContains: { a: 1 } } });
    expect(result.errors?.[0]?.extensions?.code).toBe('TIME_WINDOW_REQUIRED');
  });
});
