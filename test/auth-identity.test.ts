import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, type JwtKit, jwtKit, token } from './support/auth.js';
import { GetAuditEvent, GetAuditLimits, RecordAuditEvents } from './support/documents.js';
import { makeEvent } from './support/events.js';
import { createTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let kit: JwtKit;
beforeAll(async () => {
  kit = await jwtKit();
  t = await createTestApp(kit.env);
});
afterAll(() => t?.close());

/** A GraphQL request with a credential, which must answer 200. */
async function post(app: TestApp, credential: Record<string, string>, query: string, variables = {}) {
  const response = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...credential },
    body: JSON.stringify({ query, variables }),
  });
  expect(response.status).toBe(200);
}

const storedActor = async (eventId: string) =>
  (
    await t.query<{ actor_type: string; actor_id: string; actor_ip: string | null }>(
      'SELECT actor_type, actor_id, host(actor_ip) AS actor_ip FROM audit_events WHERE event_id = $1',
      [eventId],
    )
  )[0];

describe('a person recording events with a JWT', () => {
  it('is stored as the actor, whatever actor the batch names', async () => {
    const jwt = await kit.sign({ sub: 'alice@example.com', scope: 'audit:write' });
    const event = makeEvent({
      correlationId: 'rr-human',
      actor: { type: 'service', id: 'payments-service', ip: '10.0.0.9' },
    });
    const res = await t.gql(RecordAuditEvents, { events: [event] }, bearer(jwt));
    expect(res.errors).toBeUndefined();
    expect(await storedActor(event.eventId as string)).toEqual({
      actor_type: 'user',
      actor_id: 'alice@example.com',
      actor_ip: null,
    });
  });
});

describe('a service account recording events', () => {
  it('may name the actor, with an API token', async () => {
    const event = makeEvent({ correlationId: 'rr-service', actor: { type: 'controller', id: 'remediator-7' } });
    const res = await t.gql(RecordAuditEvents, { events: [event] }, bearer(await token(t, 'svc-w', ['audit:write'])));
    expect(res.errors).toBeUndefined();
    expect(await storedActor(event.eventId as string)).toMatchObject({
      actor_type: 'controller',
      actor_id: 'remediator-7',
    });
  });

  it('may name the actor, with a service JWT', async () => {
    const jwt = await kit.sign({ sub: 'workflow', scope: 'audit:write', principal_type: 'service' });
    const event = makeEvent({ correlationId: 'rr-service-jwt', actor: { type: 'controller', id: 'wf-1' } });
    const res = await t.gql(RecordAuditEvents, { events: [event] }, bearer(jwt));
    expect(res.errors).toBeUndefined();
    expect(await storedActor(event.eventId as string)).toMatchObject({ actor_type: 'controller', actor_id: 'wf-1' });
  });
});

describe('reads made with a credential', () => {
  it('are recorded as audit.log.viewed events through the ingest path, naming who and which filter', async () => {
    const writer = bearer(await token(t, 'svc-writer', ['audit:write']));
    const event = makeEvent({ correlationId: 'rr-viewed' });
    await t.gql(RecordAuditEvents, { events: [event] }, writer);
    const reader = bearer(await token(t, 'dashboard', ['audit:read']));
    const read = await t.gql(GetAuditEvent, { eventId: event.eventId as string }, reader);
    expect(read.data?.auditEvent?.eventId).toBe(event.eventId);
    await t.gql(GetAuditLimits, {}, reader);
    await t.app.deps.readAudit.flush();
    const views = await t.query<{ actor_id: string; resource_id: string; event_data: Record<string, unknown> }>(
      `SELECT actor_id, resource_id, event_data FROM audit_events
       WHERE event_type = 'audit.log.viewed' ORDER BY sequence`,
    );
    expect(views.map((v) => [v.actor_id, v.resource_id])).toEqual([
      ['dashboard', 'auditEvent'],
      ['dashboard', 'auditLimits'],
    ]);
    expect(views[0]?.event_data).toMatchObject({
      operationType: 'query',
      operationName: 'GetAuditEvent',
      credential: 'api-token',
      fields: [{ name: 'auditEvent', arguments: JSON.stringify({ eventId: event.eventId }) }],
    });
  });

  it('include subscriptions, with their arguments', async () => {
    const reader = bearer(await token(t, 'live-view', ['audit:read']));
    const controller = new AbortController();
    const response = await fetch(t.url, {
      method: 'POST',
      signal: controller.signal,
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...reader },
      body: JSON.stringify({
        query: 'subscription Follow { auditEventRecorded(correlationId: "rr-viewed", afterSequence: 0) { sequence } }',
      }),
    });
    const stream = response.body?.getReader();
    let text = '';
    while (stream && !text.includes('"sequence"')) {
      const chunk = await stream.read();
      if (chunk.done) break;
      text += new TextDecoder().decode(chunk.value);
    }
    controller.abort();
    await t.app.deps.readAudit.flush();
    const [view] = await t.query<{ event_data: Record<string, unknown> }>(
      `SELECT event_data FROM audit_events WHERE event_type = 'audit.log.viewed' AND actor_id = 'live-view'`,
    );
    expect(view?.event_data).toMatchObject({
      operationType: 'subscription',
      operationName: 'Follow',
      fields: [
        { name: 'auditEventRecorded', arguments: JSON.stringify({ correlationId: 'rr-viewed', afterSequence: 0 }) },
      ],
    });
  });

  it('are recorded however large the operation, beside other readers’ views in the same batch', async () => {
    const bystander = bearer(await token(t, 'bystander', ['audit:read']));
    const longName = bearer(await token(t, 'long-name', ['audit:read']));
    const manyFields = bearer(await token(t, 'many-fields', ['audit:read']));
    await post(t, bystander, 'query Before { auditLimits { maxBatchSize } }');
    // Each alone is past what an event's payload may hold (256 KB by default).
    await post(t, longName, `query ${'N'.repeat(300_000)} { auditLimits { maxBatchSize } }`);
    const aliases = Array.from({ length: 40 }, (_, i) => `c${i}: correlation(id: $id) { eventCount }`);
    await post(t, manyFields, `query Many($id: String!) { ${aliases.join(' ')} }`, { id: 'x'.repeat(15_000) });
    await post(t, bystander, 'query After { auditLimits { maxBatchSize } }');
    await t.app.deps.readAudit.flush();

    const views = await t.query<{ actor_id: string; event_data: { operationName: string; fields: unknown[] } }>(
      `SELECT actor_id, event_data FROM audit_events WHERE event_type = 'audit.log.viewed'
       AND actor_id IN ('bystander', 'long-name', 'many-fields') ORDER BY recorded_at, sequence`,
    );
    expect(views.map((v) => v.actor_id).sort()).toEqual(['bystander', 'bystander', 'long-name', 'many-fields']);
    const named = views.find((v) => v.actor_id === 'long-name')?.event_data.operationName;
    expect(named?.startsWith('NNNN')).toBe(true);
    expect(named?.length).toBeLessThan(2_000);
    expect(views.find((v) => v.actor_id === 'many-fields')?.event_data.fields).toHaveLength(40);
  });

  it('leave the request path quickly: the view is queued, not written, when the answer is sent', async () => {
    const reader = bearer(await token(t, 'dashboard-2', ['audit:read']));
    const before = t.app.deps.metrics.readAuditPending;
    await t.gql(GetAuditLimits, {}, reader);
    expect((await before.get()).values[0]?.value).toBeGreaterThanOrEqual(1);
    await t.app.deps.readAudit.flush();
    expect((await before.get()).values[0]?.value).toBe(0);
  });
});

describe('a view that cannot be recorded, under a small payload limit', () => {
  let small: TestApp;
  beforeAll(async () => {
    small = await createTestApp({ MAX_EVENT_DATA_BYTES: '1024' });
  });
  afterAll(() => small?.close());

  it('is dropped alone: the other views of its batch are written', async () => {
    const bystander = bearer(await token(small, 'bystander', ['audit:read']));
    const wide = bearer(await token(small, 'wide', ['audit:read']));
    const fields = Array.from({ length: 40 }, (_, i) => `l${i}: auditLimits { maxBatchSize }`).join(' ');
    for (const [credential, query] of [
      [bystander, 'query Before { auditLimits { maxBatchSize } }'],
      [wide, `query Wide { ${fields} }`], // forty field names: past 1024 bytes of payload
      [bystander, 'query After { auditLimits { maxBatchSize } }'],
    ] as const)
      await post(small, credential, query);
    await small.app.deps.readAudit.flush();
    const views = await small.query<{ actor_id: string; operation: string }>(
      `SELECT actor_id, event_data->>'operationName' AS operation FROM audit_events
       WHERE event_type = 'audit.log.viewed' ORDER BY sequence`,
    );
    expect(views).toEqual([
      { actor_id: 'bystander', operation: 'Before' },
      { actor_id: 'bystander', operation: 'After' },
    ]);
    expect((await small.app.deps.metrics.readAuditFailures.get()).values[0]?.value).toBe(1);
  });
});
