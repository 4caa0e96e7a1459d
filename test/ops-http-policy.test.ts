import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { issueToken } from '../src/auth/api-tokens.js';
import { checkCredentialsAtStart, StartRefused } from '../src/auth/startup.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { bearer, jwtKit } from './support/auth.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('the start-up mode', () => {
  it('defaults to local development (no credential) outside production, enforced in production', () => {
    expect(loadConfig({}).auth.mode).toBe('local-dev');
    expect(loadConfig({ NODE_ENV: 'production' }).auth.mode).toBe('enforced');
  });

  it('refuses local development mode in production and on a non-loopback address', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', AUTH_MODE: 'local-dev' })).toThrow(/AUTH_MODE/);
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(ConfigError);
    expect(loadConfig({ HOST: '0.0.0.0', AUTH_MODE: 'enforced' }).host).toBe('0.0.0.0');
  });

  it('turns introspection and GraphiQL off by default in production only', () => {
    expect(loadConfig({}).http).toMatchObject({ graphiql: true, introspection: true });
    expect(loadConfig({ NODE_ENV: 'production' }).http).toMatchObject({ graphiql: false, introspection: false });
    expect(loadConfig({ NODE_ENV: 'production', INTROSPECTION: 'true' }).http.introspection).toBe(true);
  });
});

describe('a production gateway', () => {
  let t: TestApp;
  let auth: Record<string, string>;
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth, ...headers },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    const kit = await jwtKit();
    t = await createTestApp({
      ...kit.env,
      NODE_ENV: 'production',
      CORS_ORIGINS: 'https://dashboard.example, https://ops.example',
      QUERY_MAX_ALIASES: '5',
      QUERY_MAX_TOKENS: '400',
    });
    auth = bearer(await kit.sign({ sub: 'carol', scope: 'audit:read' }));
  });
  afterAll(() => t?.close());

  it('would refuse to start with no JWT verification and no live API token', async () => {
    const withoutJwt = { ...t.config, auth: { ...t.config.auth, jwt: undefined } };
    const orm = t.app.deps.db.orm;
    const silent = pino({ level: 'silent' });
    await expect(checkCredentialsAtStart(withoutJwt, orm, silent)).rejects.toBeInstanceOf(StartRefused);
    await issueToken(orm, { serviceAccount: 'first-service', scopes: ['audit:write'] });
    await expect(checkCredentialsAtStart(withoutJwt, orm, silent)).resolves.toBeUndefined();
  });

  it('refuses introspection with a code', async () => {
    const res = await post({ query: '{ __schema { types { name } } }' });
    const body = (await res.json()) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> };
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toEqual(expect.any(String));
  });

  it('serves no GraphiQL page', async () => {
    const res = await fetch(t.url, { headers: { accept: 'text/html' } });
    expect(res.headers.get('content-type') ?? '').not.toContain('text/html');
  });

  it('answers CORS for allowed origins only', async () => {
    const preflight = (origin: string) =>
      fetch(t.url, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
    const allowed = await preflight('https://ops.example');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://ops.example');
    const refused = await preflight('https://evil.example');
    expect(refused.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
  });

  it('refuses too many aliases with QUERY_TOO_MANY_ALIASES', async () => {
    const query = `{ ${Array.from({ length: 6 }, (_, i) => `a${i}: auditLimits { maxBatchSize }`).join(' ')} }`;
    const body = (await (await post({ query })).json()) as { errors?: Array<{ extensions?: { code?: string } }> };
    expect(body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_MANY_ALIASES');
  });

  it('refuses an over-long document with QUERY_TOO_LARGE', async () => {
    const query = `{ auditLimits { ${'maxBatchSize '.repeat(500)} } }`;
    const body = (await (await post({ query })).json()) as { errors?: Array<{ extensions?: { code?: string } }> };
    expect(body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_LARGE');
  });
});
