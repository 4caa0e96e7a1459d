import { afterEach, describe, expect, it } from 'vitest';
import { RecordAuditEvents } from './support/documents.js';
import { makeEvent } from './support/events.js';
import { bearer, token } from './support/auth.js';
import { createTestApp, onPostgres, sessionsBeside, type TestApp } from './support/test-app.js';

/** Locks a correlation's chain head from another session until the returned release is called. */
async function lockChainHead(t: TestApp, correlationId: string): Promise<() => Promise<void>> {
  const other = sessionsBeside(t);
  const session = await other.reserve();
  await session`BEGIN`;
  const locked = await session`SELECT 1 FROM audit_chain_heads WHERE correlation_id = ${correlationId} FOR UPDATE`;
  if (locked.length !== 1) throw new Error(`no chain head to lock for ${correlationId}`);
  return async () => {
    await session`COMMIT`;
    session.release();
    await other.end();
  };
}

// Holding a row lock from a second session needs a server: PGlite has one session.
describe.runIf(onPostgres)('the write transaction has its own statement timeout', () => {
  let t: TestApp;
  afterEach(async () => {
    await t.close();
  });

  it('lets a batch wait longer than the read timeout', async () => {
    t = await createTestApp({ QUERY_TIMEOUT: '1s', WRITE_TIMEOUT: '30s' });
    await t.gql(RecordAuditEvents, { events: [makeEvent({ correlationId: 'slow-1' })] });
    const release = await lockChainHead(t, 'slow-1');
    setTimeout(() => void release(), 2_500);

    const res = await t.gql(RecordAuditEvents, { events: [makeEvent({ correlationId: 'slow-1' })] });
    expect(res.errors).toBeUndefined();
    expect(res.data?.recordAuditEvents.events[0]?.sequence).toBe(2);
  });

  it('refuses a batch that waits past the write timeout as retryable, writing nothing', async () => {
    t = await createTestApp({ QUERY_TIMEOUT: '30s', WRITE_TIMEOUT: '1s' });
    await t.gql(RecordAuditEvents, { events: [makeEvent({ correlationId: 'slow-2' })] });
    const release = await lockChainHead(t, 'slow-2');

    const res = await t.gql(RecordAuditEvents, { events: [makeEvent({ correlationId: 'slow-2' })] });
    await release();
    expect(res.errors?.[0]?.extensions?.code).toBe('RETRYABLE_CONFLICT');
    const [count] = await t.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE correlation_id = 'slow-2'`,
    );
    expect(count?.n).toBe(1);
  });

  it("refuses a batch as retryable when its account's rate-limit window stays locked past the read timeout", async () => {
    t = await createTestApp({ AUTH_MODE: 'enforced', QUERY_TIMEOUT: '1s' });
    const credential = await token(t, 'slow-writer', ['audit:write']);
    const first = await t.gql(
      RecordAuditEvents,
      { events: [makeEvent({ correlationId: 'slow-3' })] },
      bearer(credential),
    );
    expect(first.errors).toBeUndefined();
    const other = sessionsBeside(t);
    const session = await other.reserve();
    await session`BEGIN`;
    expect(await session`SELECT 1 FROM rate_limit_windows FOR UPDATE`).toHaveLength(1);

    const res = await t.gql(
      RecordAuditEvents,
      { events: [makeEvent({ correlationId: 'slow-3' })] },
      bearer(credential),
    );
    await session`COMMIT`;
    session.release();
    await other.end();
    expect(res.errors?.[0]?.extensions?.code).toBe('RETRYABLE_CONFLICT');
    const [count] = await t.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE correlation_id = 'slow-3'`,
    );
    expect(count?.n).toBe(1);
  });
});
