import { afterEach, describe, expect, it } from 'vitest';
import { partitionName } from '../src/db/partitions.js';
import { RecordAuditEvents } from './support/documents.js';
import { makeEvent } from './support/events.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/*
 * gin_clean_pending_list returns how many pending pages it merged: a list the gateway's cleaner
 * has already merged gives 0, one left as the inserts made it gives more.
 */
describe('the pending lists of the payload index', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  const record = async (app: TestApp) => {
    const events = Array.from({ length: 40 }, (_, i) =>
      makeEvent({ correlationId: `gin-${i % 4}`, eventData: { payload: { n: i, tags: [`t${i}`, 'x'] } } }),
    );
    expect((await app.gql(RecordAuditEvents, { events })).errors).toBeUndefined();
    return partitionName(new Date().toISOString());
  };
  const mergePending = async (app: TestApp, partition: string) => {
    const [row] = await app.query<{ pages: number }>(
      `SELECT gin_clean_pending_list(i.indexrelid::regclass)::int AS pages FROM pg_index i
       JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
       WHERE am.amname = 'gin' AND i.indrelid = to_regclass($1)`,
      [partition],
    );
    return row?.pages;
  };

  it('are left to the inserts when nothing cleans them', async () => {
    t = await createTestApp({ GIN_CLEAN_INTERVAL_MS: '3600000' });
    const partition = await record(t);
    expect(await mergePending(t, partition)).toBeGreaterThan(0);
  });

  it('are merged by the gateway soon after a batch writes to them', async () => {
    t = await createTestApp({ GIN_CLEAN_INTERVAL_MS: '20' });
    const app = t;
    const metricsUrl = new URL('/metrics', app.url).toString();
    const merged = async () => {
      const text = await (await fetch(metricsUrl)).text();
      return Number(/^audit_gin_pending_pages_merged_total (\S+)$/m.exec(text)?.[1] ?? Number.NaN);
    };
    expect(await merged()).toBe(0);
    const partition = await record(app);
    await expect.poll(merged, { timeout: 5_000, interval: 20 }).toBeGreaterThan(0);
    // Nothing has written since: the list the gateway merged is still empty.
    expect(await mergePending(app, partition)).toBe(0);
  });
});
