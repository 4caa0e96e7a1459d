import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEventInput } from '../generated/graphql/graphql.js';
import { RecordAuditEvents } from './support/documents.js';
import { isoAgo, makeEvent } from './support/events.js';
import { EventsWithRelations } from './support/query-documents.js';
import { isRequestStatement } from './support/statements.js';
import { createTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;

// 12 correlations of 10 events; each event's parent is the one before it in its correlation.
const events: AuditEventInput[] = [];
for (let c = 0; c < 12; c++) {
  for (let i = 0; i < 10; i++) {
    const previous = i === 0 ? undefined : events[events.length - 1];
    events.push(
      makeEvent({
        correlationId: `rr-tree-${c}`,
        eventTimestamp: isoAgo(60_000 + (c * 10 + (9 - i)) * 1000),
        parentEventId: previous?.eventId,
      }),
    );
  }
}

beforeAll(async () => {
  t = await createTestApp();
  expect((await t.gql(RecordAuditEvents, { events })).errors).toBeUndefined();
});
afterAll(() => t?.close());

async function countStatements(first: number) {
  const statements: string[] = [];
  const stop = t.app.deps.db.observeStatements((s) => {
    if (isRequestStatement(s)) statements.push(s);
  });
  try {
    const result = await t.gql(EventsWithRelations, { first });
    expect(result.errors).toBeUndefined();
    return { statements, nodes: result.data?.auditEvents.nodes ?? [] };
  } finally {
    stop();
  }
}

describe('a page selecting parent, children and correlation', () => {
  it('issues the same few statements for 10 events as for 100', async () => {
    const small = await countStatements(10);
    const large = await countStatements(100);
    expect(small.nodes).toHaveLength(10);
    expect(large.nodes).toHaveLength(100);
    // One page read, then one batched read each for parents, children and correlation summaries,
    // each preceded by its statement-timeout setting.
    expect(large.statements).toHaveLength(small.statements.length);
    expect(large.statements.length).toBeLessThanOrEqual(8);
  });

  it('resolves each relation correctly', async () => {
    const { nodes } = await countStatements(100);
    const byId = new Map(events.map((e, index) => [e.eventId, index]));
    for (const node of nodes) {
      const index = byId.get(node.eventId) as number;
      const position = index % 10;
      expect(node.parent?.eventId ?? null).toBe(position === 0 ? null : events[index - 1]?.eventId);
      expect(node.children.map((c) => c.eventId)).toEqual(position === 9 ? [] : [events[index + 1]?.eventId]);
      expect(node.correlation).toEqual({ correlationId: events[index]?.correlationId, eventCount: 10 });
    }
  });
});
