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

/** Environment for a gateway process in the bench: the defaults, with the pool size stated. */
export const GATEWAY_BENCH_ENV: Record<string, string> = {
  DATABASE_POOL_SIZE: '10',
};
