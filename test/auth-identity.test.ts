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

  it('leave the request path quickly: the view is queued, not written, when the answer is sent', async () => {
    const reader = bearer(await token(t, 'dashboard-2', ['audit:read']));
    const before = t.app.deps.metrics.readAuditPending;
    await t.gql(GetAuditLimits, {}, reader);
    expect((await before.get()).values[0]?.value).toBeGreaterThanOrEqual(1);
    await t.app.deps.readAudit.flush();
    expect((await before.get()).values[0]?.value).toBe(0);
  });
});
