import type { Logger } from 'pino';
import type { Authenticator } from './auth/authenticator.js';
import type { Caller } from './auth/caller.js';
import type { EventRateLimiter } from './auth/rate-limit.js';
import type { ReadAudit } from './auth/read-audit.js';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import type { GatewayMetrics } from './observability/metrics.js';
import type { Partitions } from './db/partitions.js';
import type { LiveHub } from './live/hub.js';
import type { LiveOutput } from './live/shared-execution.js';
import type { IngestDeps } from './resolvers/record-events.js';

/** Everything the resolvers need, built once per process by buildApp. */
export interface AppDeps {
  config: Config;
  db: Database;
  partitions: Partitions;
  ingest: IngestDeps;
  live: LiveHub;
  logger: Logger;
  auth: Authenticator;
  rateLimiter: EventRateLimiter;
  readAudit: ReadAudit;
  metrics: GatewayMetrics;
}

/** Per request. */
export interface Context {
  deps: AppDeps;
  /** Who is calling; established before any resolver runs. */
  caller: Caller;
  /** A graphql-ws subscription's socket, which live events may be written to directly. */
  liveOutput?: LiveOutput;
}
