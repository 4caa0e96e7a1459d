import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import { useCodedInputErrors } from './coded-input-errors.js';
import type { Config } from './config.js';
import type { AppDeps, Context } from './context.js';
import { createDb, type Database } from './db/client.js';
import { migrate } from './db/migrate.js';
import { Partitions } from './db/partitions.js';
import { HashChain } from './events/chain.js';
import { eventInputSchema } from './events/rules.js';
import { enforceBodyLimit } from './http-limits.js';
import { createLogger } from './logger.js';
import { schema } from './schema/index.js';

export interface App {
  yoga: YogaServerInstance<Record<string, never>, Context>;
  deps: AppDeps;
  /** Migrates, makes partitions, listens; resolves to the GraphQL endpoint's URL. */
  start(): Promise<string>;
  /** Stops listening, ends timers and closes the database. */
  stop(): Promise<void>;
}

export interface BuildOptions {
  config: Config;
  /** Defaults to a database made from `config`; the app then owns and closes it. */
  db?: Database;
  logger?: Logger;
}

export async function buildApp({ config, db: givenDb, logger = createLogger(config) }: BuildOptions): Promise<App> {
  const db = givenDb ?? (await createDb(config));
  const partitions = new Partitions(db);
  const deps: AppDeps = {
    config,
    db,
    partitions,
    logger,
    ingest: {
      db,
      partitions,
      chain: new HashChain(config.hashKey),
      limits: config.limits,
      eventSchema: eventInputSchema(config.limits),
    },
  };

  const yoga = createYoga<Record<string, never>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    logging: logger,
    plugins: [useCodedInputErrors()],
    context: ({ request }) => ({ deps, requestId: request.headers.get('x-request-id') ?? randomUUID() }),
  });

  const server: Server = createServer((req, res) => {
    if (enforceBodyLimit(req, res, config.limits.maxBodyBytes)) void yoga.handle(req, res);
  });

  let partitionTimer: NodeJS.Timeout | undefined;
  const keepPartitionsAhead = async () => {
    try {
      await partitions.ensureAhead(config.partitions.monthsAhead);
    } catch (error) {
      logger.error({ err: error }, 'could not create partitions ahead');
    }
  };

  return {
    yoga,
    deps,
    async start() {
      await migrate(config, db);
      await partitions.load();
      await partitions.ensureAhead(config.partitions.monthsAhead);
      partitionTimer = setInterval(keepPartitionsAhead, config.partitions.checkIntervalMs);
      partitionTimer.unref();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => resolve());
      });
      const { address, port } = server.address() as AddressInfo;
      const host = address.includes(':') ? `[${address}]` : address;
      return `http://${host}:${port}/graphql`;
    },
    async stop() {
      clearInterval(partitionTimer);
      if (server.listening) {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
      }
      if (!givenDb) await db.close();
    },
  };
}
