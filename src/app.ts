import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import { Authenticator } from './auth/authenticator.js';
import { EventRateLimiter } from './auth/rate-limit.js';
import { createReadAudit, type ReadAuditOptions } from './auth/read-audit.js';
import { createContextFactory } from './auth/request-context.js';
import { checkCredentialsAtStart } from './auth/startup.js';
import { useCodedInputErrors } from './coded-input-errors.js';
import { useCompiledOperations } from './compiled-operations.js';
import type { Config } from './config.js';
import type { AppDeps, Context } from './context.js';
import { createDb, type Database } from './db/client.js';
import { migrate } from './db/migrate.js';
import { type GinCleaner, startGinCleaner } from './db/gin-pending-lists.js';
import { Partitions } from './db/partitions.js';
import { enforceBodyLimit } from './http-limits.js';
import { serveGraphQLWs } from './live/graphql-ws.js';
import { LiveHub, type LiveHubOptions } from './live/hub.js';
import { useSharedLiveExecution } from './live/shared-execution.js';
import { databaseTimelineSource } from './live/timeline-source.js';
import { createLogger } from './logger.js';
import { GatewayMetrics } from './observability/metrics.js';
import { serveOps } from './observability/ops-routes.js';
import { useRequestIdsOnErrors } from './observability/request-ids.js';
import { RequestTracker } from './observability/request-tracker.js';
import { useShutdownNotice } from './observability/shutdown-notice.js';
import { useGatewayObservability } from './observability/yoga-plugin.js';
import { useQueryLimits } from './query-limits.js';
import { useRawJsonOutput } from './output/raw-json.js';
import { createIngestDeps } from './resolvers/record-events.js';
import { schema } from './schema/index.js';

export interface App {
  yoga: YogaServerInstance<Record<string, never>, Context>;
  deps: AppDeps;
  /** Migrates, makes partitions, listens; resolves to the GraphQL endpoint's URL. */
  start(): Promise<string>;
  /**
   * Graceful stop: refuses new requests, ends live streams, waits for in-flight requests (so every
   * acknowledged batch is stored), writes pending audit.log.viewed events, closes the database.
   */
  stop(): Promise<void>;
}

export interface BuildOptions {
  config: Config;
  /** Defaults to a database made from `config`; the app then owns and closes it. */
  db?: Database;
  logger?: Logger;
  /** Batching and slicing of audit.log.viewed writes (defaults: 1 s, 200 views, 0.5 ms slices). */
  readAudit?: ReadAuditOptions;
  /** Tuning of the live timelines' hub (subscriber queue bound and re-check interval). */
  live?: LiveHubOptions;
  /** The longest a batch's validation and hashing run between two turns of the event loop (default 2 ms). */
  ingestCpuSliceMs?: number;
}

export async function buildApp({
  config,
  db: givenDb,
  logger = createLogger(config),
  readAudit,
  live,
  ingestCpuSliceMs = 2,
}: BuildOptions): Promise<App> {
  const db = givenDb ?? (await createDb(config));
  const partitions = new Partitions(db);
  const metrics = new GatewayMetrics(config.metrics);
  metrics.dbPoolMax.set(config.database.kind === 'postgres' ? config.database.poolSize : 1);
  const ingest = createIngestDeps(config, db, partitions, ingestCpuSliceMs);
  const deps: AppDeps = {
    config,
    db,
    partitions,
    logger,
    ingest,
    metrics,
    auth: new Authenticator(config.auth, db.orm),
    rateLimiter: new EventRateLimiter(db.orm, config.rateLimit, ({ account }) => metrics.rateLimited.inc({ account })),
    readAudit: createReadAudit(config, ingest, logger, metrics, readAudit),
    live: new LiveHub(databaseTimelineSource(db), logger, {
      onDeliveryLag: (seconds) => metrics.deliveryLag.set(seconds),
      ...live,
    }),
  };

  const requests = new RequestTracker(metrics);
  const yoga = createYoga<Record<string, never>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: config.http.graphiql,
    cors: config.http.corsOrigins.length > 0 && {
      origin: config.http.corsOrigins,
      methods: ['GET', 'POST'],
      allowedHeaders: ['authorization', 'content-type', 'x-request-id'],
      exposedHeaders: ['x-request-id', 'retry-after'],
    },
    logging: logger,
    // The body limit is enforced before Yoga sees the request (enforceBodyLimit below); Yoga's own
    // would pipe every body through a counting stream again (about a tenth of a small read's CPU).
    maxRequestBodySize: false,
    plugins: [
      useCodedInputErrors(),
      useQueryLimits(config.query),
      useGatewayObservability(metrics, deps.readAudit),
      useRequestIdsOnErrors(),
      useShutdownNotice(() => requests.stopping),
      useSharedLiveExecution(),
      useCompiledOperations(),
      useRawJsonOutput(),
      ...(config.http.introspection ? [] : [useDisableIntrospection()]),
    ],
    context: createContextFactory(deps),
  });

  const ops = { db, partitions, metrics, live: deps.live, stopping: () => requests.stopping };
  const server: Server = createServer((req, res) => {
    if (serveOps(req, res, ops) || !requests.admit(req, res)) return;
    if (enforceBodyLimit(req, res, config.limits.maxBodyBytes)) void yoga.handle(req, res);
  });
  // graphql-ws on the same path; Yoga itself serves subscriptions over SSE.
  const graphqlWs = serveGraphQLWs(server, yoga, {
    path: '/graphql',
    authenticate: (authorization) => deps.auth.authenticate(authorization),
  });

  let maintenanceTimer: NodeJS.Timeout | undefined;
  let ginCleaner: GinCleaner | undefined;
  const maintain = async () => {
    try {
      await partitions.ensureAhead(config.partitions.monthsAhead);
    } catch (error) {
      logger.error({ err: error }, 'could not create partitions ahead');
    }
    await deps.rateLimiter
      .deleteExpiredWindows()
      .catch((error: unknown) => logger.error({ err: error }, 'could not delete expired rate-limit windows'));
  };

  return {
    yoga,
    deps,
    async start() {
      await migrate(config, db);
      await checkCredentialsAtStart(config, db.orm, logger);
      await partitions.load();
      await partitions.ensureAhead(config.partitions.monthsAhead);
      maintenanceTimer = setInterval(maintain, config.partitions.checkIntervalMs);
      maintenanceTimer.unref();
      ginCleaner = startGinCleaner(db, partitions, config.partitions.ginCleanIntervalMs, logger, metrics);
      await deps.live.start();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => resolve());
      });
      const { address, port } = server.address() as AddressInfo;
      const host = address.includes(':') ? `[${address}]` : address;
      return `http://${host}:${port}/graphql`;
    },
    async stop() {
      requests.stopping = true;
      clearInterval(maintenanceTimer);
      // End the live streams first: open WebSockets and SSE responses would keep the server open.
      await graphqlWs.close();
      await deps.live.stop();
      await requests.drain(server, config.http.shutdownTimeoutMs);
      await deps.readAudit.stop();
      await ginCleaner?.stop();
      if (!givenDb) await db.close();
    },
  };
}
