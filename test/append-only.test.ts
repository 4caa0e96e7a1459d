import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordAuditEvents } from './support/documents.js';
import { makeEvent } from './support/events.js';
import { createTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await t.gql(RecordAuditEvents, { events: [makeEvent({ correlationId: 'rr-immutable' })] });
});
afterAll(() => t?.close());

describe('audit_events is append-only', () => {
  it.each([
    ['UPDATE', `UPDATE audit_events SET event_action = 'changed' WHERE correlation_id = 'rr-immutable'`],
    ['DELETE', `DELETE FROM audit_events WHERE correlation_id = 'rr-immutable'`],
    ['TRUNCATE', 'TRUNCATE audit_events'],
  ])('the database rejects %s', async (_op, statement) => {
    await expect(t.query(statement)).rejects.toThrow(/append-only/);
    const rows = await t.query<{ action: string }>(
      `SELECT event_action AS action FROM audit_events WHERE correlation_id = 'rr-immutable'`,
    );
    expect(rows).toEqual([{ action: 'received' }]);
  });

  it('the database rejects TRUNCATE of a single partition', async () => {
    const [row] = await t.query<{ partition: string }>(
      `SELECT tableoid::regclass::text AS partition FROM audit_events WHERE correlation_id = 'rr-immutable'`,
    );
    await expect(t.query(`TRUNCATE ${row?.partition}`)).rejects.toThrow(/append-only/);
  });
});
