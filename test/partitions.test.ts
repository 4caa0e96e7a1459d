import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordAuditEvents } from './support/documents.js';
import { DAY, makeEvent } from './support/events.js';
import { createTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ MAX_EVENT_AGE: '1000d' });
});
afterAll(() => t?.close());

const partitionNames = async () =>
  (
    await t.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'audit_events'::regclass ORDER BY 1`,
    )
  ).map((r) => r.name);

const monthName = (date: Date) =>
  `audit_events_${date.getUTCFullYear()}_${String(date.getUTCMonth() + 1).padStart(2, '0')}`;

describe('partitions', () => {
  it('exist at start for the current month and the next three, and no default partition', async () => {
    const now = new Date();
    const expected = [0, 1, 2, 3].map((i) =>
      monthName(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + i, 1))),
    );
    const names = await partitionNames();
    expect(names).toEqual(expect.arrayContaining(expected));
    const defaults = await t.query(
      `SELECT 1 FROM pg_partitioned_table p WHERE p.partrelid = 'audit_events'::regclass AND p.partdefid <> 0`,
    );
    expect(defaults).toHaveLength(0);
  });

  it('are made on demand for a back-dated event two years old and for a month not yet created', async () => {
    const twoYears = new Date(Date.now() - 730 * DAY);
    const fourteenMonths = new Date(Date.now() - 425 * DAY);
    const before = await partitionNames();
    expect(before).not.toContain(monthName(twoYears));
    expect(before).not.toContain(monthName(fourteenMonths));

    const events = [
      makeEvent({ correlationId: 'rr-old', eventTimestamp: twoYears.toISOString() }),
      makeEvent({ correlationId: 'rr-old', eventTimestamp: fourteenMonths.toISOString() }),
    ];
    const res = await t.gql(RecordAuditEvents, { events });
    expect(res.errors).toBeUndefined();
    expect(res.data?.recordAuditEvents.recordedCount).toBe(2);

    const placed = await t.query<{ partition: string }>(
      `SELECT tableoid::regclass::text AS partition FROM audit_events WHERE correlation_id = 'rr-old' ORDER BY sequence`,
    );
    expect(placed.map((r) => r.partition)).toEqual([monthName(twoYears), monthName(fourteenMonths)]);
  });

  it("give every partition's payload index a short GIN pending list, on-demand partitions included", async () => {
    await t.gql(RecordAuditEvents, {
      events: [makeEvent({ correlationId: 'rr-gin', eventTimestamp: new Date(Date.now() - 800 * DAY).toISOString() })],
    });
    const indexes = await t.query<{ partition: string; options: string[] | null }>(
      `SELECT i.indrelid::regclass::text AS partition, c.reloptions AS options
       FROM pg_inherits p JOIN pg_index i ON i.indrelid = p.inhrelid JOIN pg_class c ON c.oid = i.indexrelid
       JOIN pg_am am ON am.oid = c.relam
       WHERE p.inhparent = 'audit_events'::regclass AND am.amname = 'gin'`,
    );
    expect(indexes.map((r) => r.partition)).toContain(monthName(new Date(Date.now() - 800 * DAY)));
    expect(indexes.length).toBe((await partitionNames()).length);
    for (const index of indexes) expect(index.options).toEqual(['gin_pending_list_limit=256']);
  });

  it('are made once when concurrent batches need the same new month', async () => {
    const month = new Date(Date.now() - 600 * DAY);
    const batches = Array.from({ length: 4 }, (_, i) =>
      t.gql(RecordAuditEvents, {
        events: Array.from({ length: 5 }, () =>
          makeEvent({ correlationId: `rr-race-${i}`, eventTimestamp: month.toISOString() }),
        ),
      }),
    );
    const results = await Promise.all(batches);
    expect(results.map((r) => r.errors)).toEqual([undefined, undefined, undefined, undefined]);
    expect((await partitionNames()).filter((n) => n === monthName(month))).toHaveLength(1);
  });
});
