import { GraphQLError } from 'graphql';
import type { Caller } from '../auth/caller.js';
import type { EventRateLimiter } from '../auth/rate-limit.js';
import { type GatewayMetrics, categoryLabel } from '../observability/metrics.js';
import { type IngestDeps, type RecordResult, recordEvents, translateRaceErrors } from './record-events.js';

export interface CallerIngestDeps {
  ingest: IngestDeps;
  rateLimiter: EventRateLimiter;
  metrics: GatewayMetrics;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Records a batch on behalf of an authenticated caller: a person is always the actor of what they
 * record (whatever the batch says); the batch is charged to the caller's rate limit before
 * anything is written; the outcome is counted.
 */
export async function recordAsCaller(
  deps: CallerIngestDeps,
  caller: Caller,
  inputs: readonly unknown[],
): Promise<RecordResult> {
  const events =
    caller.kind === 'user'
      ? inputs.map((input) => (isObject(input) ? { ...input, actor: { type: 'user', id: caller.id } } : input))
      : inputs;
  try {
    // Every batch of an account updates its one window row: a stalled database queues them there.
    const result = await recordEvents(deps.ingest, events, () =>
      deps.rateLimiter.take(caller, events.length).catch(translateRaceErrors),
    );
    deps.metrics.batchSize.observe(events.length);
    result.events.forEach((recorded, index) => {
      const input = events[index];
      if (recorded.status !== 'RECORDED' || !isObject(input)) return;
      deps.metrics.eventsIngested.inc({
        category: categoryLabel(input.eventCategory),
        outcome: String(input.eventOutcome).toLowerCase(),
      });
    });
    return result;
  } catch (error) {
    const code = error instanceof GraphQLError ? error.extensions.code : undefined;
    if (typeof code === 'string') deps.metrics.eventsRejected.inc({ reason: code }, events.length);
    else deps.metrics.writeFailures.inc();
    throw error;
  }
}
