import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, token } from './support/auth.js';
import { makeEvent } from './support/events.js';
import { createTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let admin: Record<string, string>;
let reader: Record<string, string>;
let writer: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp({ AUTH_MODE: 'enforced', AUTH_TOKEN_CACHE_TTL: '1h' });
  admin = bearer(await token(t, 'ops-admin', ['audit:admin']));
  reader = bearer(await token(t, 'dash', ['audit:read']));
  writer = bearer(await token(t, 'svc', ['audit:write']));
});
afterAll(() => t?.close());

interface Body {
  data?: Record<string, unknown> | null;
  errors?: Array<{ extensions?: { code?: string } }>;
}
const gql = async (query: string, variables: Record<string, unknown>, headers: Record<string, string>) => {
  const response = await fetch(t.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Body;
};

const ISSUE = `mutation($input: IssueApiTokenInput!) {
  issueApiToken(input: $input) { token apiToken { id serviceAccount scopes expiresAt eventsPerSecond } }
}`;
const REVOKE = 'mutation($id: UUID!) { revokeApiToken(id: $id) }';
const LIST = '{ apiTokens { id serviceAccount prefix revokedAt } }';
const RECORD = 'mutation($e: [AuditEventInput!]!) { recordAuditEvents(events: $e) { recordedCount } }';

describe('token management over GraphQL', () => {
  it('needs audit:admin: read and write tokens are FORBIDDEN', async () => {
    for (const credential of [reader, writer]) {
      expect((await gql(LIST, {}, credential)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const issued = await gql(ISSUE, { input: { serviceAccount: 'x', scopes: ['AUDIT_READ'] } }, credential);
      expect(issued.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect((await gql(LIST, {}, {})).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('issues a working token once, lists it, and revokes it at once; both changes are audited', async () => {
    const issued = await gql(
      ISSUE,
      {
        input: {
          serviceAccount: 'billing-service',
          scopes: ['AUDIT_WRITE'],
          expiresInSeconds: 3600,
          eventsPerSecond: 50,
        },
      },
      admin,
    );
    expect(issued.errors).toBeUndefined();
    const result = issued.data?.issueApiToken as {
      token: string;
      apiToken: { id: string; serviceAccount: string; scopes: string[]; expiresAt: string; eventsPerSecond: number };
    };
    expect(result.token).toMatch(/^agw_/);
    expect(result.apiToken).toMatchObject({
      serviceAccount: 'billing-service',
      scopes: ['audit:write'],
      eventsPerSecond: 50,
    });
    expect(Date.parse(result.apiToken.expiresAt)).toBeGreaterThan(Date.now());

    const written = await gql(RECORD, { e: [makeEvent({ correlationId: 'rr-admin' })] }, bearer(result.token));
    expect(written.errors).toBeUndefined();
    const listed = (await gql(LIST, {}, admin)).data?.apiTokens as Array<{ id: string; prefix: string }>;
    expect(listed.find((x) => x.id === result.apiToken.id)?.prefix).toBe(result.token.slice(0, 12));
    expect(JSON.stringify(listed)).not.toContain(result.token);

    expect((await gql(REVOKE, { id: result.apiToken.id }, admin)).data?.revokeApiToken).toBe(1);
    const refused = await gql(RECORD, { e: [makeEvent({ correlationId: 'rr-admin' })] }, bearer(result.token));
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await gql(REVOKE, { id: result.apiToken.id }, admin)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const audited = await t.query<{ event_type: string; actor_id: string; resource_id: string }>(
      `SELECT event_type, actor_id, resource_id FROM audit_events WHERE event_type LIKE 'auditgateway.token.%' ORDER BY recorded_at`,
    );
    expect(audited).toEqual([
      { event_type: 'auditgateway.token.issued', actor_id: 'ops-admin', resource_id: result.apiToken.id },
      { event_type: 'auditgateway.token.revoked', actor_id: 'ops-admin', resource_id: result.apiToken.id },
    ]);
  });

  it('refuses bad input with BAD_USER_INPUT', async () => {
    const res = await gql(ISSUE, { input: { serviceAccount: ' ', scopes: [], burst: -1 } }, admin);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
