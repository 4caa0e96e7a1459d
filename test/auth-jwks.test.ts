import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from './support/auth.js';
import { GetAuditLimits, RecordAuditEvents } from './support/documents.js';
import { makeEvent } from './support/events.js';
import { createTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let jwks: Server;
let sign: (claims: Record<string, unknown>) => Promise<string>;

beforeAll(async () => {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
  jwks = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  const { port } = jwks.address() as AddressInfo;
  sign = (claims) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'key-1' })
      .setIssuer('https://sso.example')
      .setAudience('audit')
      .setExpirationTime('5m')
      .sign(privateKey);
  t = await createTestApp({
    AUTH_MODE: 'enforced',
    JWT_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    JWT_ISSUER: 'https://sso.example',
    JWT_AUDIENCE: 'audit',
    JWT_SUBJECT_CLAIM: 'email',
    JWT_SCOPES_CLAIM: 'permissions',
    JWT_SERVICE_CLAIM: 'client_kind',
    JWT_SERVICE_VALUE: 'machine',
  });
});
afterAll(async () => {
  await t?.close();
  jwks?.close();
});

describe('JWTs verified against a JWKS URL with mapped claims', () => {
  it('take the subject and scopes from the configured claims', async () => {
    const jwt = await sign({ email: 'dana@example.com', permissions: ['audit:write'] });
    const event = makeEvent({ correlationId: 'rr-jwks', actor: { type: 'service', id: 'spoofed' } });
    const res = await t.gql(RecordAuditEvents, { events: [event] }, bearer(jwt));
    expect(res.errors).toBeUndefined();
    const [row] = await t.query<{ actor_type: string; actor_id: string }>(
      'SELECT actor_type, actor_id FROM audit_events WHERE event_id = $1',
      [event.eventId],
    );
    expect(row).toEqual({ actor_type: 'user', actor_id: 'dana@example.com' });
  });

  it('treat the configured claim value as a service account, which may name the actor', async () => {
    const jwt = await sign({ email: 'ci@example.com', permissions: ['audit:write'], client_kind: 'machine' });
    const event = makeEvent({ correlationId: 'rr-jwks', actor: { type: 'controller', id: 'deployer' } });
    expect((await t.gql(RecordAuditEvents, { events: [event] }, bearer(jwt))).errors).toBeUndefined();
    const [row] = await t.query<{ actor_id: string }>('SELECT actor_id FROM audit_events WHERE event_id = $1', [
      event.eventId,
    ]);
    expect(row?.actor_id).toBe('deployer');
  });

  it('refuse a token without the subject claim, or with scopes only under another claim', async () => {
    const noSubject = await sign({ sub: 'dana', permissions: ['audit:read'] });
    expect((await t.gql(GetAuditLimits, {}, bearer(noSubject))).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const wrongClaim = await sign({ email: 'dana@example.com', scope: 'audit:read' });
    expect((await t.gql(GetAuditLimits, {}, bearer(wrongClaim))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
