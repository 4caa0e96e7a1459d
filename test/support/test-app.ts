import { randomBytes } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import postgres from 'postgres';
import { type App, type BuildOptions, buildApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';

/** Whether the tests run against a PostgreSQL server (DATABASE_URL) rather than the embedded engine. */
export const onPostgres = loadConfig({ ...process.env, LOG_LEVEL: 'silent' }).database.kind === 'postgres';

export interface GraphQLResponse<T> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> & { code?: string } }>;
}

export interface TestApp {
  app: App;
  url: string;
  config: Config;
  /** Sends a typed document over HTTP and returns the parsed response. */
  gql<T, V>(
    document: TypedDocumentNode<T, V>,
    variables?: V,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T>>;
  /** Raw SQL against the test database, for checking side effects. */
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

/** A plain postgres.js client on the test app's PostgreSQL database: sessions beside the gateway's own. */
export function sessionsBeside(t: TestApp, max = 1): postgres.Sql {
  if (t.config.database.kind !== 'postgres') throw new Error('needs PostgreSQL');
  return postgres(t.config.database.url, { max, onnotice: () => {} });
}

/**
 * A gateway on port 0 over a database of its own: a fresh PostgreSQL database when the environment
 * names a server (DATABASE_URL), an in-memory PGlite otherwise. close() drops it.
 */
export async function createTestApp(
  overrides: Record<string, string> = {},
  options: Omit<BuildOptions, 'config'> = {},
): Promise<TestApp> {
  const base = loadConfig({ ...process.env, LOG_LEVEL: 'silent', ...overrides });
  let dropDatabase = async () => {};
  let env: Record<string, string | undefined> = {
    ...process.env,
    LOG_LEVEL: 'silent',
    PORT: '0',
    HOST: '127.0.0.1',
    ...overrides,
  };
  if (base.database.kind === 'postgres') {
    const name = `audit_test_${randomBytes(6).toString('hex')}`;
    const admin = postgres(base.database.url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(base.database.url);
    url.pathname = `/${name}`;
    env = { ...env, DATABASE_URL: url.toString() };
    dropDatabase = async () => {
      const cleanup = postgres(base.database.kind === 'postgres' ? base.database.url : '', {
        max: 1,
        onnotice: () => {},
      });
      await cleanup.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    };
  } else {
    env = { ...env, PGLITE_DATA_DIR: 'memory://' };
  }
  const config = loadConfig(env);
  const app = await buildApp({ ...options, config });
  const url = await app.start();
  const { db } = app.deps;

  return {
    app,
    url,
    config,
    async gql(document, variables, headers = {}) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify({ query: print(document), variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
    async query<Row>(text: string, params: unknown[] = []) {
      if (db.engine === 'pglite') {
        const client = (db.orm as unknown as { $client: { query(t: string, p: unknown[]): Promise<{ rows: Row[] }> } })
          .$client;
        return (await client.query(text, params)).rows;
      }
      const client = (db.orm as unknown as { $client: postgres.Sql }).$client;
      return (await client.unsafe(text, params as postgres.ParameterOrJSON<never>[])) as unknown as Row[];
    },
    async close() {
      await app.stop();
      await dropDatabase();
    },
  };
}
