import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import type { Partitions } from './db/partitions.js';
import type { IngestDeps } from './resolvers/record-events.js';

/** Everything the resolvers need, built once per process by buildApp. */
export interface AppDeps {
  config: Config;
  db: Database;
  partitions: Partitions;
  ingest: IngestDeps;
  logger: Logger;
}

/** Per request. */
export interface Context {
  deps: AppDeps;
  requestId: string;
}
