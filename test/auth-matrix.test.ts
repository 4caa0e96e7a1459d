import { type GraphQLObjectType, isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeTokens } from '../src/auth/api-tokens.js';
import { schema } from '../src/schema/index.js';
import { bearer, jwtKit, token } from './support/auth.js';
import { GetAuditEvent, GetAuditLimits, RecordAuditEvents } from './support/documents.js';
import { makeEvent } from './support/events.js';
import { createTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let storedId: string;
const credentials: Record<string, Record<string, string>> = {};

type Outcome = 'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN';

beforeAll(async () => {
  const kit = await jwtKit();
  t = await createTestApp(kit.env);
  const revoked = await token(t, 'svc-revoked', ['audit:write', 'audit:read']);
  await revokeTokens(t.app.deps.db.orm, { serviceAccount: 'svc-revoked' });
  const all = await token(t, 'svc-all', ['audit:write', 'audit:read', 'audit:admin']);
  Object.assign(credentials, {
    'no credential': {},
    'a malformed header': { authorization: 'Basic dXNlcjpwYXNz' },
    'a malformed token': bearer('agw_short'),
    'a malformed JWT': bearer('eyJhbGciOi.not-a.jwt'),
    'an unknown token': bearer(`agw_${'A'.repeat(43)}`),
    'a revoked token': bearer(revoked),
    'an expired token': bearer(
      await token(t, 'svc-expired', ['audit:write', 'audit:read'], { expiresAt: '2020-01-01T00:00:00Z' }),
    ),
    'an expired JWT': bearer(await kit.sign({ sub: 'alice', scope: 'audit:read audit:write' }, { expiresIn: '-1m' })),
    'a JWT for another audience': bearer(
      await kit.sign({ sub: 'alice', scope: 'audit:read audit:write' }, { audience: 'someone-else' }),
    ),
    'a JWT signed by another key': bearer(
      await (await jwtKit()).sign({ sub: 'alice', scope: 'audit:read audit:write' }),
    ),
    'a write token': bearer(await token(t, 'svc-write', ['audit:write'])),
    'a read token': bearer(await token(t, 'svc-read', ['audit:read'])),
    'an admin token': bearer(await token(t, 'svc-admin', ['audit:admin'])),
    'a read JWT': bearer(await kit.sign({ sub: 'alice', scope: 'audit:read' })),
    'a write JWT': bearer(await kit.sign({ sub: 'svc-jwt', scope: ['audit:write'], principal_type: 'service' })),
  });
  const event = makeEvent({ correlationId: 'rr-auth-matrix' });
  const seeded = await t.gql(RecordAuditEvents, { events: [event] }, bearer(all));
  expect(seeded.errors).toBeUndefined();
  storedId = event.eventId as string;
});
afterAll(() => t?.close());

const BAD = [
  'no credential',
  'a malformed header',
  'a malformed token',
  'a malformed JWT',
  'an unknown token',
  'a revoked token',
  'an expired token',
  'an expired JWT',
  'a JWT for another audience',
  'a JWT signed by another key',
];

const READ_ONLY = (): Record<string, Outcome> => ({
  'a read token': 'ok',
  'a read JWT': 'ok',
  'a write token': 'FORBIDDEN',
  'a write JWT': 'FORBIDDEN',
  'an admin token': 'FORBIDDEN',
});

/** Operations of the query API, sent as plain documents. */
const RAW: Record<string, string> = {
  auditEvents: '{ auditEvents(first: 5, filter: { correlationId: "rr-auth-matrix" }) { edges { node { eventId } } } }',
  auditEventCounts: '{ auditEventCounts(filter: { correlationId: "rr-auth-matrix" }) { count } }',
  correlation: '{ correlation(id: "rr-auth-matrix") { correlationId eventCount } }',
  correlations: '{ correlations(first: 5) { edges { node { correlationId } } } }',
};

const expected: Record<string, Record<string, Outcome>> = {
  recordAuditEvents: {
    'a write token': 'ok',
    'a write JWT': 'ok',
    'a read token': 'FORBIDDEN',
    'a read JWT': 'FORBIDDEN',
    'an admin token': 'FORBIDDEN',
  },
  auditEvent: {
    'a read token': 'ok',
    'a read JWT': 'ok',
    'a write token': 'FORBIDDEN',
    'a write JWT': 'FORBIDDEN',
    'an admin token': 'FORBIDDEN',
  },
  auditEvents: READ_ONLY(),
  auditEventCounts: READ_ONLY(),
  correlation: READ_ONLY(),
  correlations: READ_ONLY(),
  auditLimits: {
    'a read token': 'ok',
    'a write token': 'ok',
    'a read JWT': 'ok',
    'a write JWT': 'ok',
    'an admin token': 'FORBIDDEN',
  },
};
for (const operation of Object.keys(expected)) {
  for (const name of BAD) (expected[operation] as Record<string, Outcome>)[name] = 'UNAUTHENTICATED';
}

interface Answer {
  status: number;
  code: string | undefined;
  hasData: boolean;
}

async function call(operation: string, headers: Record<string, string>): Promise<Answer> {
  const answer = (r: { status: number; data?: unknown; errors?: Array<{ extensions?: { code?: string } }> }) => ({
    status: r.status,
    code: r.errors?.[0]?.extensions?.code,
    hasData: typeof r.data === 'object' && r.data !== null && Object.values(r.data).some((v) => v !== null),
  });
  switch (operation) {
    case 'recordAuditEvents':
      return answer(
        await t.gql(RecordAuditEvents, { events: [makeEvent({ correlationId: 'rr-auth-write' })] }, headers),
      );
    case 'auditEvent':
      return answer(await t.gql(GetAuditEvent, { eventId: storedId }, headers));
    case 'auditLimits':
      return answer(await t.gql(GetAuditLimits, {}, headers));
    default: {
      const response = await fetch(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: RAW[operation] }),
      });
      return answer({ status: response.status, ...((await response.json()) as object) });
    }
  }
}

describe('the auth matrix', () => {
  for (const [operation, cases] of Object.entries(expected)) {
    describe(operation, () => {
      for (const [credential, outcome] of Object.entries(cases)) {
        it(`with ${credential}: ${outcome}`, async () => {
          const got = await call(operation, credentials[credential] as Record<string, string>);
          if (outcome === 'ok') {
            expect(got.code).toBeUndefined();
            expect(got.hasData).toBe(true);
          } else {
            expect(got.code).toBe(outcome);
            expect(got.hasData).toBe(false);
            if (outcome === 'UNAUTHENTICATED') {
              expect(got.status).toBe(401);
            }
          }
        });
      }
    });
  }
});

describe('every root field of the schema', () => {
  it('requires a scope, on the field or on its root type', () => {
    const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(
      (type): type is GraphQLObjectType => Boolean(type) && isObjectType(type),
    );
    const unguarded: string[] = [];
    for (const root of roots) {
      const typeScopes = (root.extensions.pothosOptions as { authScopes?: unknown } | undefined)?.authScopes;
      for (const field of Object.values(root.getFields())) {
        const options = field.extensions.pothosOptions as
          { authScopes?: unknown; skipTypeScopes?: boolean } | undefined;
        const guarded = options?.authScopes !== undefined || (typeScopes !== undefined && !options?.skipTypeScopes);
        if (!guarded) unguarded.push(`${root.name}.${field.name}`);
      }
    }
    expect(roots.length).toBeGreaterThanOrEqual(2);
    expect(unguarded).toEqual([]);
  });
});
