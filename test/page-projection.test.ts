import { getNamedType, isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_EVENT_FIELD_COLUMNS, CORRELATION_FIELD_COLUMNS } from '../src/resolvers/page-selection.js';
import { schema } from '../src/schema/index.js';
import { RecordAuditEvents } from './support/documents.js';
import { makeEvent } from './support/events.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const CORRELATION = 'projection-1';
const auditEventType = schema.getType('AuditEvent');
if (!isObjectType(auditEventType)) throw new Error('AuditEvent is not an object type');

/** Each AuditEvent field as a selection: scalars by name, objects with every scalar they hold. */
const FIELDS = Object.values(auditEventType.getFields()).map((field) => {
  const type = getNamedType(field.type);
  if (!isObjectType(type)) return field.name;
  const scalars = Object.values(type.getFields()).filter((f) => !isObjectType(getNamedType(f.type)));
  return `${field.name} { ${scalars.map((f) => f.name).join(' ')} }`;
});

const correlationType = schema.getType('Correlation');
if (!isObjectType(correlationType)) throw new Error('Correlation is not an object type');
/** Each Correlation field as a selection; its events connection with one scalar. */
const CORRELATION_FIELDS = Object.keys(correlationType.getFields()).map((name) =>
  name === 'events' ? 'events { nodes { eventId } }' : name,
);

/** A page's read of events (the loaders' reads of parents and children have no LIMIT). */
const isPageRead = (statement: string) => /FROM audit_events/.test(statement) && /LIMIT/.test(statement);

describe('a page reads the columns its query selects', () => {
  let t: TestApp;
  const statements: string[] = [];
  const stored: unknown[] = [];
  let stopObserving = () => {};

  /** The nodes of the correlation's page, asked both ways (the list and the timeline), as `selection` selects them. */
  async function pages(selection: string, fragments = ''): Promise<{ list: unknown[]; timeline: unknown[] }> {
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        query: `query Pages($id: String!) {
          auditEvents(filter: { correlationId: $id }, orderBy: TIMESTAMP_ASC) { edges { node { ${selection} } } }
          correlation(id: $id) { events { nodes { ${selection} } } }
        }
        ${fragments}`,
        variables: { id: CORRELATION },
      }),
    });
    const body = (await response.json()) as {
      data?: {
        auditEvents: { edges: Array<{ node: unknown }> };
        correlation: { events: { nodes: unknown[] } };
      };
      errors?: unknown;
    };
    expect(body.errors).toBeUndefined();
    return {
      list: body.data?.auditEvents.edges.map((e) => e.node) ?? [],
      timeline: body.data?.correlation.events.nodes ?? [],
    };
  }

  beforeAll(async () => {
    t = await createTestApp();
    const root = makeEvent({
      correlationId: CORRELATION,
      actor: { type: 'service', id: 'workflow-service', ip: '10.1.2.3' },
      resource: { type: 'Pod', id: 'pod-7', name: 'checkout-7' },
      traceId: 'trace-1',
      spanId: 'span-1',
      namespace: 'production',
      clusterId: 'eu-west-1a',
      severity: 'warning',
      durationMs: 42,
      errorCode: 'E_TIMEOUT',
      errorMessage: 'timed out',
      isSensitive: true,
      retentionDays: 400,
      eventVersion: '1.1',
    });
    const child = makeEvent({ correlationId: CORRELATION, parentEventId: root.eventId, eventOutcome: 'FAILURE' });
    const recorded = await t.gql(RecordAuditEvents, { events: [root, child] });
    expect(recorded.errors).toBeUndefined();
    // The events as auditEvent(eventId:) reads them: the whole row, through the request's loader.
    for (const event of [root, child]) {
      const response = await fetch(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          query: `query One($id: UUID!) { auditEvent(eventId: $id) { ${FIELDS.join(' ')} } }`,
          variables: { id: event.eventId },
        }),
      });
      stored.push(((await response.json()) as { data: { auditEvent: unknown } }).data.auditEvent);
    }
    expect(stored[0]).toMatchObject({
      actor: { ip: '10.1.2.3' },
      resource: { name: 'checkout-7' },
      traceId: 'trace-1',
    });
    // Every statement of the page queries, to see which columns each one read.
    stopObserving = t.app.deps.db.observeStatements((statement) => statements.push(statement));
  });
  afterAll(async () => {
    stopObserving();
    await t?.close();
  });

  it('knows the columns of every AuditEvent field', () => {
    expect(Object.keys(AUDIT_EVENT_FIELD_COLUMNS).filter((f) => f !== '__typename')).toEqual(
      expect.arrayContaining(Object.keys(auditEventType.getFields())),
    );
  });

  it('gives every field, asked alone or with all the others, the value auditEvent(eventId:) reads', async () => {
    const everything = await pages(FIELDS.join(' '));
    expect(everything.list).toEqual(stored);
    expect(everything.timeline).toEqual(stored);
    for (const field of FIELDS) {
      const name = field.split(' ')[0] as string;
      const alone = await pages(field);
      const expected = stored.map((node) => ({ [name]: (node as Record<string, unknown>)[name] }));
      expect({ field, nodes: alone.list }).toEqual({ field, nodes: expected });
      expect({ field, nodes: alone.timeline }).toEqual({ field, nodes: expected });
    }
  });

  it('reads fields asked through inline fragments and fragment spreads', async () => {
    const fragments = await pages(
      '... on Node { id } ... on AuditEvent { actor { ip } } ...Hashes',
      'fragment Hashes on AuditEvent { eventHash previousEventHash }',
    );
    const expected = stored.map((node) => {
      const n = node as { id: string; actor: { ip: string }; eventHash: string; previousEventHash: string | null };
      return { id: n.id, actor: { ip: n.actor.ip }, eventHash: n.eventHash, previousEventHash: n.previousEventHash };
    });
    expect(fragments.list).toEqual(expected);
    expect(fragments.timeline).toEqual(expected);
  });

  it('leaves the columns nobody asked for in the database', async () => {
    statements.splice(0);
    await pages('eventType eventOutcome');
    const reads = statements.splice(0).filter(isPageRead);
    expect(reads).toHaveLength(2);
    for (const read of reads) {
      expect(read).toMatch(/event_type AS "eventType"/);
      expect(read).not.toMatch(/event_data|event_hash|actor_id/);
    }
    await pages(FIELDS.join(' '));
    const whole = statements.splice(0).filter(isPageRead);
    expect(whole).toHaveLength(2);
    for (const read of whole) expect(read).toMatch(/event_data::text AS "eventData".*event_hash AS "eventHash"/s);
  });
});

describe('a correlations page reads the columns its query selects', () => {
  let t: TestApp;
  const statements: string[] = [];
  let stopObserving = () => {};

  async function ask<T>(query: string): Promise<T> {
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { data?: T; errors?: unknown };
    expect(body.errors).toBeUndefined();
    return body.data as T;
  }
  const page = async (selection: string) =>
    (await ask<{ correlations: { nodes: unknown[] } }>(`{ correlations { nodes { ${selection} } } }`)).correlations
      .nodes;

  beforeAll(async () => {
    t = await createTestApp();
    const events = [
      makeEvent({ correlationId: 'heads-1', eventCategory: 'workflow' }),
      makeEvent({ correlationId: 'heads-1', eventOutcome: 'FAILURE' }),
      makeEvent({ correlationId: 'heads-2', eventOutcome: 'PENDING' }),
    ];
    expect((await t.gql(RecordAuditEvents, { events })).errors).toBeUndefined();
    stopObserving = t.app.deps.db.observeStatements((statement) => statements.push(statement));
  });
  afterAll(async () => {
    stopObserving();
    await t?.close();
  });

  it('knows the columns of every Correlation field', () => {
    expect(Object.keys(CORRELATION_FIELD_COLUMNS)).toEqual(
      expect.arrayContaining(Object.keys(correlationType.getFields())),
    );
  });

  it('gives every field, asked alone or with all the others, the value correlation(id:) reads', async () => {
    const stored = await Promise.all(
      ['heads-2', 'heads-1'].map(async (id) => {
        const data = await ask<{ correlation: Record<string, unknown> }>(
          `{ correlation(id: "${id}") { ${CORRELATION_FIELDS.join(' ')} } }`,
        );
        return data.correlation;
      }),
    );
    expect(stored[1]).toMatchObject({ eventCount: 2, failureCount: 1, categories: ['gateway', 'workflow'] });
    expect(await page(CORRELATION_FIELDS.join(' '))).toEqual(stored);
    for (const field of CORRELATION_FIELDS) {
      const name = field.split(' ')[0] as string;
      const expected = stored.map((head) => ({ [name]: head[name] }));
      expect({ field, nodes: await page(field) }).toEqual({ field, nodes: expected });
    }
  });

  it('leaves the columns nobody asked for in the database', async () => {
    statements.splice(0);
    await page('eventCount');
    const [read, ...more] = statements.splice(0).filter((s) => /FROM audit_chain_heads/.test(s));
    expect(more).toHaveLength(0);
    expect(read).toMatch(/event_count::float8 AS "eventCount"/);
    expect(read).not.toMatch(/categories\)|success_count|first_event_at/);
  });
});
