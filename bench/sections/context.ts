import type { Figure } from '../lib/report.js';

export interface SectionContext {
  quick: boolean;
  log(line: string): void;
  /** Why the PostGraphile baseline cannot run (null: it can). */
  peerUnavailable: string | null;
  /** Figures one section leaves for a later one (the client section compares with the ingest figure). */
  shared: { gatewayIngestEventsPerSecond?: number };
}

export interface SectionResult {
  figures: Figure[];
  details: Record<string, unknown>;
}

/** Environment for a gateway process in the bench: no credential checks, no rate limit capping the load. */
export const GATEWAY_BENCH_ENV: Record<string, string> = {
  NODE_ENV: 'development',
  AUTH_MODE: 'local-dev',
  RATE_LIMIT_EVENTS_PER_SECOND: '1000000000',
  RATE_LIMIT_BURST: '1000000000',
  DATABASE_POOL_SIZE: '10',
};
