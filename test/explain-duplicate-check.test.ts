import { afterAll, beforeAll, expect, it } from 'vitest';
import { storedEventsSql } from '../src/db/ingest-queries.js';
import { utcMonthStart } from '../src/db/partitions.js';
import { indexesOf, planNodes } from './support/plans.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/*
 * The write path's duplicate check on fresh rows the statistics have not seen: ANALYZE ran before
 * a burst of writes, as it does under steady ingest. A batch's own few milliseconds then look empty
 * to the planner, which would scan them through the timestamp index for every id; the whole months
 * the check uses keep each probe on the primary key.
 */
let t: TestApp;
let fresh: Array<{ id: string; at: string }>;

beforeAll(async () => {
  t = await createTestApp();
  const insert = (count: number, at: string) =>
    t.query(`
      INSERT INTO audit_events (event_id, event_timestamp, event_type, event_category, event_action, event_outcome,
        actor_type, actor_id, resource_type, resource_id, correlation_id, event_data, event_data_digest, sequence,
        event_hash, hash_algorithm)
      SELECT gen_random_uuid(), ${at}, 'svc.domain.action', 'gateway', 'act', 'success', 'service', 'actor',
        'pod', 'p-' || i, 'rr-' || i, '{}', repeat('0', 64), 1, repeat('0', 64), 'sha256'
      FROM generate_series(1, ${count}) i`);
  // The gateway makes partitions for this month onwards; an hour ago may be last month.
  await t.query(`SELECT audit_ensure_partition(now() - interval '2 hours')`);
  await insert(2_000, `now() - interval '1 hour' - i * interval '1 second'`);
  await t.query('ANALYZE audit_events');
  await insert(20_000, `now() - (i % 10) * interval '1 millisecond'`);
  fresh = await t.query<{ id: string; at: string }>(
    `SELECT event_id::text AS id, event_timestamp::text AS at FROM audit_events
     WHERE event_timestamp > now() - interval '1 minute' ORDER BY event_timestamp DESC LIMIT 100`,
  );
});
afterAll(() => t?.close());

it('probes each id of a batch of fresh events through the primary key', async () => {
  expect(fresh).toHaveLength(100);
  const at = new Date(fresh[0]?.at ?? '').toISOString();
  const indexes = indexesOf(
    await planNodes(
      t,
      storedEventsSql(
        fresh.map((r) => r.id),
        utcMonthStart(at),
        utcMonthStart(at, 1),
      ),
    ),
  );
  expect(indexes.length).toBeGreaterThan(0);
  expect(indexes.every((i) => /_pkey$/.test(i))).toBe(true);
});
