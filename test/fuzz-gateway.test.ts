import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, token } from './support/auth.js';
import { makeEvent } from './support/events.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/*
 * At least 10,000 random and mutated requests through the running gateway's Yoga handler (in
 * process, so the run stays short): valid, mutated and hostile ingest batches, queries with random
 * filters and arguments, mangled documents and credentials. Invariants: no 5xx, every error coded,
 * and every batch either stored whole or not at all.
 */

const RUNS = 10_000;
let t: TestApp;
let auth: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp({ AUTH_MODE: 'enforced', MAX_BATCH_SIZE: '20', LOG_LEVEL: 'error' });
  auth = bearer(
    await token(t, 'svc-fuzz', ['audit:write', 'audit:read'], { eventsPerSecond: 1_000_000, burst: 1_000_000 }),
  );
});
afterAll(() => t?.close());

const RECORD =
  'mutation($e: [AuditEventInput!]!) { recordAuditEvents(events: $e) { recordedCount duplicateCount events { eventId sequence status } } }';
const QUERIES = [
  'query($id: UUID!) { auditEvent(eventId: $id) { eventId actor { id } eventData } }',
  'query($f: AuditEventFilter, $first: Int, $after: String) { auditEvents(filter: $f, first: $first, after: $after) { edges { cursor node { eventId sequence } } pageInfo { hasNextPage endCursor } } }',
  'query($f: AuditEventFilter, $last: Int, $before: String) { auditEvents(filter: $f, last: $last, before: $before) { edges { node { eventId } } } }',
  'query($f: AuditEventFilter) { auditEventCounts(filter: $f, groupBy: [OUTCOME]) { count } }',
  'query($id: String!) { correlation(id: $id) { id } }',
  'query($first: Int) { correlations(first: $first) { edges { node { id } } } }',
  '{ auditLimits { maxBatchSize maxEventDataDepth } }',
];

const FIELDS = [
  'eventId',
  'eventVersion',
  'eventTimestamp',
  'eventType',
  'eventCategory',
  'eventAction',
  'eventOutcome',
  'actor',
  'resource',
  'correlationId',
  'parentEventId',
  'traceId',
  'namespace',
  'clusterId',
  'eventData',
  'severity',
  'durationMs',
  'errorCode',
  'errorMessage',
  'retentionDays',
  'isSensitive',
] as const;

const nested = (depth: number): Record<string, unknown> => (depth === 0 ? { leaf: 1 } : { n: nested(depth - 1) });

const hostile = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ minLength: 250, maxLength: 300 }),
  fc.integer({ min: 0, max: 14 }).map(nested),
  fc.constantFrom(
    '',
    '\u0000',
    '\ud800',
    'x'.repeat(5000),
    '2026-13-01T00:00:00Z',
    '1999-01-01T00:00:00Z',
    '2999-01-01T00:00:00Z',
    'not-a-uuid',
    '00000000-0000-0000-0000-000000000000',
    'SUCCESS',
    'success',
    'FAILURE',
    '999.1.1.1',
    '::1',
    2_147_483_648,
    -1,
    { ip: 'nope' },
    { type: '', id: '' },
    [],
    {},
  ),
);

const eventMutation = fc.record({
  field: fc.constantFrom(...FIELDS),
  action: fc.constantFrom('set', 'set', 'delete'),
  value: hostile,
});

interface Case {
  kind: 'record' | 'query' | 'garbage';
  mutationsPerEvent: ReadonlyArray<ReadonlyArray<{ field: string; action: string; value: unknown }>>;
  batchTrick: 'none' | 'repeat' | 'conflict' | 'parent-earlier' | 'parent-later' | 'parent-unknown';
  query: number;
  variables: Record<string, unknown>;
  garbage: string;
  credential: 'good' | 'none' | 'mangled';
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  kind: fc.constantFrom('record', 'query', 'query', 'garbage'),
  mutationsPerEvent: fc.array(
    fc.oneof(fc.constant([]), fc.constant([]), fc.array(eventMutation, { minLength: 1, maxLength: 3 })),
    { minLength: 0, maxLength: 6 },
  ),
  batchTrick: fc.constantFrom(
    'none',
    'none',
    'none',
    'repeat',
    'conflict',
    'parent-earlier',
    'parent-later',
    'parent-unknown',
  ),
  query: fc.nat(QUERIES.length - 1),
  variables: fc.record(
    {
      id: fc.oneof(fc.uuid(), hostile),
      f: fc.oneof(
        fc.constant(null),
        hostile,
        fc.record(
          {
            correlationId: hostile,
            eventType: hostile,
            eventTypePrefix: fc.string(),
            actorIds: fc.array(fc.string(), { maxLength: 3 }),
            dataContains: fc.jsonValue({ maxDepth: 3 }),
            since: hostile,
            until: hostile,
            not: fc.record({ category: fc.string() }),
          },
          { requiredKeys: [] },
        ),
      ),
      first: fc.oneof(fc.integer({ min: -5, max: 2000 }), hostile),
      last: fc.oneof(fc.integer({ min: -5, max: 2000 }), hostile),
      after: fc.oneof(fc.string(), fc.base64String()),
      before: fc.oneof(fc.string(), fc.base64String()),
    },
    { requiredKeys: [] },
  ),
  garbage: fc.oneof(
    fc.string(),
    fc
      .constantFrom(...QUERIES, RECORD)
      .chain((q) =>
        fc
          .tuple(fc.nat(q.length), fc.nat(8), fc.string({ maxLength: 4 }))
          .map(([at, cut, put]) => q.slice(0, at) + put + q.slice(at + cut)),
      ),
  ),
  credential: fc.constantFrom('good', 'good', 'good', 'good', 'good', 'good', 'none', 'mangled'),
});

/** Ids the generator made: unique to one case (a mutation may put a fixed UUID in several). */
const generatedIds = new Set<string>();

function buildBatch(c: Case, caseIndex: number): Array<Record<string, unknown>> {
  const events: Array<Record<string, unknown>> = c.mutationsPerEvent.map((mutations) => {
    const eventId = uuidv7();
    generatedIds.add(eventId);
    const event: Record<string, unknown> = { ...makeEvent({ correlationId: `fz-${caseIndex % 40}` }), eventId };
    for (const m of mutations) {
      if (m.action === 'delete') delete event[m.field];
      else event[m.field] = m.value;
    }
    return event;
  });
  const [first, second] = events;
  if (first && c.batchTrick === 'repeat') events.push({ ...first });
  if (first && c.batchTrick === 'conflict') events.push({ ...first, eventAction: 'different' });
  if (first && second && c.batchTrick === 'parent-earlier') second.parentEventId = first.eventId;
  if (first && second && c.batchTrick === 'parent-later') first.parentEventId = second.eventId;
  if (first && c.batchTrick === 'parent-unknown') first.parentEventId = uuidv7();
  return events;
}

interface Outcome {
  ids: string[];
  accepted: boolean;
}

describe(`${RUNS} random and mutated requests`, () => {
  it('answer without a 5xx, code every error, and never store part of a batch', async () => {
    const outcomes: Outcome[] = [];
    const problems: string[] = [];
    let caseIndex = 0;
    let accepted = 0;
    const codes = new Map<string, number>();

    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const index = caseIndex++;
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (c.credential === 'good') Object.assign(headers, auth);
        if (c.credential === 'mangled') headers.authorization = `${auth.authorization}x`;
        let body: string;
        let events: Array<Record<string, unknown>> = [];
        if (c.kind === 'record') {
          events = buildBatch(c, index);
          body = JSON.stringify({ query: RECORD, variables: { e: events } });
        } else if (c.kind === 'query') {
          body = JSON.stringify({ query: QUERIES[c.query], variables: c.variables });
        } else {
          body = index % 2 === 0 ? JSON.stringify({ query: c.garbage, variables: c.variables }) : c.garbage;
        }
        const response = await t.app.yoga.fetch('http://gateway/graphql', { method: 'POST', headers, body });
        const text = await response.text();
        if (response.status >= 500) problems.push(`#${index} status ${response.status}: ${text.slice(0, 300)}`);
        let parsed: {
          data?: Record<string, unknown> | null;
          errors?: Array<{ message: string; extensions?: { code?: unknown } }>;
        };
        try {
          parsed = JSON.parse(text) as typeof parsed;
        } catch {
          problems.push(`#${index} not JSON (${response.status}): ${text.slice(0, 200)}`);
          return;
        }
        for (const error of parsed.errors ?? []) {
          const code = error.extensions?.code;
          if (typeof code !== 'string' || error.message === 'Unexpected error.') {
            problems.push(`#${index} uncoded error: ${error.message.slice(0, 200)}`);
          } else codes.set(code, (codes.get(code) ?? 0) + 1);
        }
        if (c.kind === 'record') {
          const ok = Boolean(
            (parsed.data?.recordAuditEvents as { recordedCount?: number } | undefined)?.recordedCount !== undefined,
          );
          if (ok) accepted++;
          const ids = events
            .map((e) => e.eventId)
            .filter((id): id is string => typeof id === 'string' && generatedIds.has(id));
          outcomes.push({ ids: [...new Set(ids)], accepted: ok });
        }
      }),
      { numRuns: RUNS, endOnFailure: true },
    );

    const stored = new Set(
      (await t.query<{ id: string }>('SELECT event_id::text AS id FROM audit_events')).map((r) => r.id),
    );
    for (const [i, o] of outcomes.entries()) {
      const present = o.ids.filter((id) => stored.has(id)).length;
      if (o.accepted && present !== o.ids.length)
        problems.push(`batch ${i} acknowledged but ${o.ids.length - present} missing`);
      if (!o.accepted && present !== 0) problems.push(`batch ${i} refused but ${present} of its events stored`);
    }
    expect(problems.slice(0, 20)).toEqual([]);
    expect(caseIndex).toBeGreaterThanOrEqual(RUNS);
    // The generator must reach both sides: stored batches and each kind of refusal.
    expect(accepted).toBeGreaterThan(250);
    for (const code of ['BAD_USER_INPUT', 'UNAUTHENTICATED', 'EVENT_ID_CONFLICT'])
      expect(codes.get(code)).toBeGreaterThan(0);
  }, 180_000);
});
