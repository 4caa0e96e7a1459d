import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Event categories named in the reference; any other becomes `other`, so label values stay bounded. */
const KNOWN_CATEGORIES = new Set([
  'gateway',
  'notification',
  'analysis',
  'aiagent',
  'signalprocessing',
  'workflow',
  'workflowexecution',
  'orchestration',
  'approval',
  'effectiveness',
  'actiontype',
  'apifrontend',
  'security',
  'agentsession',
]);

export const categoryLabel = (category: unknown) =>
  typeof category === 'string' && KNOWN_CATEGORIES.has(category) ? category : 'other';

const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** What a metric's updates become when metrics are off. */
const NO_UPDATES = {
  inc() {},
  dec() {},
  set() {},
  observe() {},
  startTimer: () => () => 0,
};

/**
 * The gateway's Prometheus metrics, on a registry of its own (so two apps in one process, as in
 * tests, do not collide). Subscriptions and buffered events are read from the live hub at each
 * scrape; the hub may set `deliveryLag` as it delivers.
 *
 * Disabled (METRICS=false), every update is a no-op and no default (process, event loop, GC)
 * collector runs: the code that counts stays as it is, and nothing is observed.
 */
export class GatewayMetrics {
  readonly registry = new Registry();

  readonly eventsIngested = new Counter({
    name: 'audit_events_ingested_total',
    help: 'Events stored, by category and outcome (duplicates not counted).',
    labelNames: ['category', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly batchSize = new Histogram({
    name: 'audit_ingest_batch_size',
    help: 'Events per recordAuditEvents call that was accepted.',
    buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000],
    registers: [this.registry],
  });

  readonly writeDuration = new Histogram({
    name: 'audit_write_duration_seconds',
    help: 'Duration of mutations, by root field.',
    labelNames: ['operation'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });

  readonly queryDuration = new Histogram({
    name: 'audit_query_duration_seconds',
    help: 'Duration of queries and subscription set-up, by root field.',
    labelNames: ['operation'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });

  readonly eventsRejected = new Counter({
    name: 'audit_events_rejected_total',
    help: 'Events refused, by the error code that refused their batch.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly writeFailures = new Counter({
    name: 'audit_write_failures_total',
    help: 'Batches that failed for an unexpected reason (not a coded rejection).',
    registers: [this.registry],
  });

  readonly rateLimited = new Counter({
    name: 'audit_rate_limited_requests_total',
    help: 'Batches refused with RATE_LIMITED, by service account.',
    labelNames: ['account'] as const,
    registers: [this.registry],
  });

  readonly authFailures = new Counter({
    name: 'audit_auth_failures_total',
    help: 'Requests refused as UNAUTHENTICATED or FORBIDDEN.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly readAuditFailures = new Counter({
    name: 'audit_read_audit_failures_total',
    help: 'Failed writes of audit.log.viewed batches (kept and retried).',
    registers: [this.registry],
  });

  readonly readAuditPending = new Gauge({
    name: 'audit_read_audit_pending',
    help: 'audit.log.viewed events waiting to be written.',
    registers: [this.registry],
  });

  readonly subscriptionsActive = new Gauge({
    name: 'audit_subscriptions_active',
    help: 'Open live subscriptions.',
    registers: [this.registry],
  });

  readonly deliveryLag = new Gauge({
    name: 'audit_subscription_delivery_lag_seconds',
    help: 'Age of the oldest event not yet delivered to a subscriber.',
    registers: [this.registry],
  });

  readonly subscriptionBuffered = new Gauge({
    name: 'audit_subscription_buffered_events',
    help: 'Events recorded but not yet taken by their subscribers (queued in the live hub).',
    registers: [this.registry],
  });

  readonly partitionsAhead = new Gauge({
    name: 'audit_partitions_months_ahead',
    help: 'Whole months past the current one that have their partition.',
    registers: [this.registry],
  });

  readonly ginPendingPagesMerged = new Counter({
    name: 'audit_gin_pending_pages_merged_total',
    help: "Pending-list pages of the payload index merged by the gateway's cleaner, off the write path.",
    registers: [this.registry],
  });

  readonly dbPoolMax = new Gauge({
    name: 'audit_db_pool_max_connections',
    help: 'Configured size of the database pool (1 for the embedded engine).',
    registers: [this.registry],
  });

  readonly dbQueriesInFlight = new Gauge({
    name: 'audit_db_operations_in_flight',
    help: 'GraphQL operations holding or waiting for a database connection.',
    registers: [this.registry],
  });

  readonly httpInFlight = new Gauge({
    name: 'audit_http_requests_in_flight',
    help: 'HTTP requests being served.',
    registers: [this.registry],
  });

  constructor(readonly enabled = true) {
    if (enabled) collectDefaultMetrics({ register: this.registry });
    else for (const metric of this.registry.getMetricsAsArray()) Object.assign(metric, NO_UPDATES);
  }
}
