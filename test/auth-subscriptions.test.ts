import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { revokeTokens } from '../src/auth/api-tokens.js';
import { bearer, jwtKit, token } from './support/auth.js';
import { RecordAuditEvents } from './support/documents.js';
import { makeEvent } from './support/events.js';
import { createTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
const credentials: Record<string, Record<string, string>> = {};
const QUERY = 'subscription { auditEventRecorded(correlationId: "rr-auth-live", afterSequence: 0) { eventId } }';

beforeAll(async () => {
  const kit = await jwtKit();
  t = await createTestApp(kit.env);
  const revoked = await token(t, 'svc-revoked', ['audit:read']);
  await revokeTokens(t.app.deps.db.orm, { serviceAccount: 'svc-revoked' });
  Object.assign(credentials, {
    'no credential': {},
    'a malformed header': { authorization: 'Token abc' },
    'an unknown token': bearer(`agw_${'C'.repeat(43)}`),
    'a revoked token': bearer(revoked),
    'an expired JWT': bearer(await kit.sign({ sub: 'bob', scope: 'audit:read' }, { expiresIn: '-1m' })),
    'a JWT for another audience': bearer(await kit.sign({ sub: 'bob', scope: 'audit:read' }, { audience: 'x' })),
    'a read token': bearer(await token(t, 'svc-read', ['audit:read'])),
    'a read JWT': bearer(await kit.sign({ sub: 'bob', scope: 'audit:read' })),
    'a write token': bearer(await token(t, 'svc-write', ['audit:write'])),
    'an admin token': bearer(await token(t, 'svc-admin', ['audit:admin'])),
  });
  const seeded = await t.gql(
    RecordAuditEvents,
    { events: [makeEvent({ correlationId: 'rr-auth-live' })] },
    credentials['a write token'],
  );
  expect(seeded.errors).toBeUndefined();
});
afterAll(() => t?.close());

interface Answer {
  code: string | undefined;
  hasData: boolean;
}

async function overSse(headers: Record<string, string>): Promise<Answer> {
  const controller = new AbortController();
  const response = await fetch(t.url, {
    method: 'POST',
    signal: controller.signal,
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: JSON.stringify({ query: QUERY }),
  });
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (reader && !/data: \{/.test(text)) {
    const chunk = await reader.read();
    if (chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
  }
  controller.abort();
  const payload = /data: (\{.*\})/.exec(text)?.[1];
  const body = payload
    ? (JSON.parse(payload) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> })
    : {};
  return { code: body.errors?.[0]?.extensions?.code, hasData: Boolean(body.data) };
}

/** A browser can only send the credential in connection_init; a server-side client may set the header. */
function overWebSocket(headers: Record<string, string>, credentialIn: 'connection_init' | 'upgrade'): Promise<Answer> {
  const withHeaders = class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  };
  return new Promise((resolve) => {
    const client = createClient({
      url: t.url.replace(/^http/, 'ws'),
      webSocketImpl: credentialIn === 'upgrade' ? withHeaders : WebSocket,
      retryAttempts: 0,
      connectionParams:
        credentialIn === 'connection_init' && headers.authorization ? { authorization: headers.authorization } : {},
    });
    const done = (answer: Answer) => {
      resolve(answer);
      void client.dispose();
    };
    client.subscribe(
      { query: QUERY },
      {
        next: (result) =>
          done({
            code: (result.errors?.[0]?.extensions as { code?: string } | undefined)?.code,
            hasData: Boolean(result.data),
          }),
        error: (error) => {
          if (Array.isArray(error)) {
            done({ code: (error[0] as { extensions?: { code?: string } }).extensions?.code, hasData: false });
          } else {
            const { code, reason } = error as { code: number; reason: string };
            done({ code: code === 4401 ? reason.split(':')[0] : `close ${code}`, hasData: false });
          }
        },
        complete: () => done({ code: 'completed', hasData: false }),
      },
    );
  });
}

const expected: Record<string, 'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN'> = {
  'no credential': 'UNAUTHENTICATED',
  'a malformed header': 'UNAUTHENTICATED',
  'an unknown token': 'UNAUTHENTICATED',
  'a revoked token': 'UNAUTHENTICATED',
  'an expired JWT': 'UNAUTHENTICATED',
  'a JWT for another audience': 'UNAUTHENTICATED',
  'a read token': 'ok',
  'a read JWT': 'ok',
  'a write token': 'FORBIDDEN',
  'an admin token': 'FORBIDDEN',
};

for (const [transport, probe] of [
  ['SSE', overSse],
  ['graphql-ws (credential in connection_init)', (h: Record<string, string>) => overWebSocket(h, 'connection_init')],
  ['graphql-ws (credential in the upgrade request)', (h: Record<string, string>) => overWebSocket(h, 'upgrade')],
] as const) {
  describe(`auditEventRecorded over ${transport}`, () => {
    for (const [credential, outcome] of Object.entries(expected)) {
      it(`with ${credential}: ${outcome}`, async () => {
        const got = await probe(credentials[credential] as Record<string, string>);
        if (outcome === 'ok') expect(got).toEqual({ code: undefined, hasData: true });
        else expect(got).toEqual({ code: outcome, hasData: false });
      });
    }
  });
}
