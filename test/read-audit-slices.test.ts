import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventLoopSlices } from '../src/event-loop-slices.js';
import { bearer, token } from './support/auth.js';
import { expectUnbrokenChain, storedChain } from './support/chain-rows.js';
import { GetAuditLimits } from './support/documents.js';
import { createTestApp, onPostgres, type TestApp } from './support/test-app.js';

const READER = 'sliced-reader';
const VIEWS = `audit-log-views:service:${READER}`;
const READS = 60;

// The read auditor writes its views in slices of its own (0.5 ms by default, a quarter of a client
// batch's), so reads are not held up by the audit of earlier reads. The slice is the auditor's
// option, not the ingest's: with slices of one view the write gives the event loop away between
// every two views, with a slice longer than the write never (but to wait for I/O). On PostgreSQL
// views are written from a worker thread by default; these tests write them on the gateway's.
describe('the read audit written in slices', () => {
  let t: TestApp;
  afterEach(async () => {
    vi.restoreAllMocks();
    await t?.close();
  });

  /** Answers READS reads, then counts the turns their views' write gives the event loop. */
  const turnsWhileWriting = async (cpuSliceMs: number, thread = false) => {
    // The GIN pending-list cleaner never runs: the partitions the views were written to stay noted.
    t = await createTestApp(
      { GIN_CLEAN_INTERVAL_MS: '600000' },
      { readAudit: { flushIntervalMs: 600_000, batchSize: 200, cpuSliceMs, thread } },
    );
    const reader = bearer(await token(t, READER, ['audit:read']));
    for (let i = 0; i < READS; i++) expect((await t.gql(GetAuditLimits, {}, reader)).errors).toBeUndefined();

    const turns = vi.spyOn(EventLoopSlices.prototype, 'yield');
    await t.app.deps.readAudit.flush();
    return turns.mock.calls.length;
  };
  const expectUnbrokenViews = async () => expectUnbrokenChain(await storedChain(t, VIEWS), READS);

  it('with slices of one view, gives the event loop a turn between views and stores an unbroken chain', async () => {
    // Validation and preparation each yield between every two views.
    expect(await turnsWhileWriting(0)).toBe(2 * (READS - 1));
    await expectUnbrokenViews();
  });

  it.runIf(onPostgres)('from a worker thread, gives none: the views are validated and hashed there', async () => {
    expect(await turnsWhileWriting(0, true)).toBe(0);
    await expectUnbrokenViews();
    // The worker tells the gateway which partition it wrote to, for its pending-list cleaner.
    const [month] = await t.query<{ name: string }>(
      `SELECT DISTINCT tableoid::regclass::text AS name FROM audit_events WHERE correlation_id = $1`,
      [VIEWS],
    );
    expect(t.app.deps.partitions.takeWritten()).toContain(month?.name);
  });

  it('gives none with a slice that outlasts the write', async () => {
    expect(await turnsWhileWriting(60_000)).toBe(0);
  });
});
