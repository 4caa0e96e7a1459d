/*
 * Realistic audit events for the bench: remediations (correlations) of a Kubernetes remediation
 * platform, each a run of ~10-80 events by a handful of services, with ~1 KB JSON payloads.
 * Deterministic for a given seed, so two runs load the same data.
 */

export type Rand = () => number;

/** mulberry32: small, fast, deterministic. */
export function makeRand(seed: number): Rand {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
const int = (rand: Rand, min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
const hex8 = (rand: Rand) =>
  Math.floor(rand() * 0x100000000)
    .toString(16)
    .padStart(8, '0');
export const hex64 = (rand: Rand) =>
  hex8(rand) + hex8(rand) + hex8(rand) + hex8(rand) + hex8(rand) + hex8(rand) + hex8(rand) + hex8(rand);

/** A UUIDv7-shaped id for an instant (ms) with random low bits. */
export function uuid7(ms: number, rand: Rand): string {
  const t = Math.floor(ms).toString(16).padStart(12, '0');
  const r = hex8(rand) + hex8(rand) + hex8(rand);
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${r.slice(0, 3)}-${'89ab'[int(rand, 0, 3)]}${r.slice(3, 6)}-${r.slice(6, 18)}`;
}

/** The remediation flow: each correlation walks these steps in order (and loops for long ones). */
export const STEPS = [
  { type: 'gateway.signal.received', category: 'gateway', action: 'received' },
  { type: 'gateway.crd.created', category: 'gateway', action: 'created' },
  { type: 'orchestrator.phase.transitioned', category: 'orchestrator', action: 'transitioned' },
  { type: 'aianalysis.analysis.started', category: 'aianalysis', action: 'started' },
  { type: 'aianalysis.analysis.completed', category: 'aianalysis', action: 'completed' },
  { type: 'aianalysis.rego.evaluated', category: 'aianalysis', action: 'evaluated' },
  { type: 'workflow.selection.completed', category: 'workflow', action: 'completed' },
  { type: 'workflow.execution.started', category: 'workflow', action: 'started' },
  { type: 'remediation.action.executed', category: 'remediation', action: 'executed' },
  { type: 'remediation.approval.requested', category: 'remediation', action: 'requested' },
  { type: 'workflow.execution.completed', category: 'workflow', action: 'completed' },
  { type: 'notification.message.sent', category: 'notification', action: 'sent' },
] as const;

export const APPS = [
  'checkout-api',
  'payments-api',
  'cart-service',
  'catalog-service',
  'search-api',
  'auth-service',
  'user-profile',
  'orders-worker',
  'inventory-sync',
  'shipping-api',
  'pricing-engine',
  'recommendations',
  'email-dispatcher',
  'sms-gateway',
  'billing-batch',
  'ledger-writer',
  'fraud-scorer',
  'media-resizer',
  'cdn-purger',
  'report-builder',
  'audit-exporter',
  'feature-flags',
  'session-store',
  'rate-limiter',
  'api-gateway',
  'graphql-edge',
  'ws-fanout',
  'metrics-agent',
  'log-shipper',
  'backup-runner',
  'etl-loader',
  'ml-serving',
  'ml-training',
  'vector-index',
  'chat-service',
  'support-desk',
  'coupon-service',
  'loyalty-points',
  'tax-calculator',
  'currency-rates',
] as const;
const TEAMS = ['payments', 'storefront', 'platform', 'data', 'identity', 'growth', 'ops', 'ml'] as const;
const ALERTS = [
  'PodOOMKilled',
  'CrashLoopBackOff',
  'HighErrorRate',
  'HighLatencyP99',
  'NodeNotReady',
  'DiskPressure',
  'CertificateExpiring',
  'ReplicaMismatch',
  'HPAMaxedOut',
  'ImagePullBackOff',
  'PVCAlmostFull',
  'DeadlockDetected',
] as const;
const NAMESPACES = Array.from({ length: 30 }, (_, i) => (i === 0 ? 'production' : `team-${i}-prod`));
const CLUSTERS = ['eu-west-1a', 'eu-west-1b', 'us-east-1a', 'us-east-2c', 'ap-south-1a'] as const;
const REGIONS = ['eu-west-1', 'us-east-1', 'us-east-2', 'ap-south-1'] as const;
const SEVERITIES = ['critical', 'warning', 'info'] as const;
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
const KINDS = ['Pod', 'Deployment', 'StatefulSet', 'Node'] as const;
const USERS = Array.from({ length: 500 }, (_, i) => `user-${i}@example.com`);

export type Outcome = 'success' | 'failure' | 'pending';

export interface BenchEvent {
  eventId: string;
  eventTimestamp: string;
  eventType: string;
  eventCategory: string;
  eventAction: string;
  eventOutcome: Outcome;
  actorType: string;
  actorId: string;
  actorIp: string | null;
  resourceType: string;
  resourceId: string;
  resourceName: string | null;
  correlationId: string;
  traceId: string;
  spanId: string;
  namespace: string;
  clusterId: string;
  eventData: Record<string, unknown>;
  severity: string;
  durationMs: number;
  errorCode: string | null;
  errorMessage: string | null;
}

/** What stays fixed through one remediation. */
export interface Remediation {
  correlationId: string;
  app: string;
  team: string;
  alert: string;
  namespace: string;
  clusterId: string;
  region: string;
  severity: string;
  priority: string;
  fingerprint: string;
  traceId: string;
  kind: string;
}

export function makeRemediation(rand: Rand, correlationId: string): Remediation {
  const appIndex = Math.floor(rand() * APPS.length);
  return {
    correlationId,
    app: APPS[appIndex] as string,
    team: TEAMS[appIndex % TEAMS.length] as string,
    alert: pick(rand, ALERTS),
    namespace: pick(rand, NAMESPACES),
    clusterId: pick(rand, CLUSTERS),
    region: pick(rand, REGIONS),
    severity: pick(rand, SEVERITIES),
    priority: pick(rand, PRIORITIES),
    fingerprint: hex8(rand) + hex8(rand) + hex8(rand) + hex8(rand),
    traceId: hex8(rand) + hex8(rand) + hex8(rand) + hex8(rand),
    kind: pick(rand, KINDS),
  };
}

const SUMMARIES = [
  'Container {app} in namespace {ns} was terminated by the kernel OOM killer after exceeding its memory limit',
  'The p99 latency of {app} stayed above the 750 ms objective for more than ten minutes in {ns}',
  'Error rate of {app} crossed 5% of requests over five minutes; upstream dependencies look healthy',
  'Replica count of {app} in {ns} has not matched the desired count for fifteen minutes',
] as const;

/** Microsecond-precision canonical UTC text for an instant in ms plus extra microseconds. */
export function isoMicros(ms: number, micros: number): string {
  const base = new Date(Math.floor(ms)).toISOString();
  return `${base.slice(0, 23)}${String(micros).padStart(3, '0')}Z`;
}

/** The `step`-th event (0-based) of a remediation, at `atMs`. About 1 KB of eventData. */
export function makeEvent(rand: Rand, r: Remediation, step: number, atMs: number): BenchEvent {
  const flow = STEPS[step % STEPS.length] as (typeof STEPS)[number];
  const roll = rand();
  const outcome: Outcome = roll < 0.85 ? 'success' : roll < 0.95 ? 'failure' : 'pending';
  const byUser = flow.category === 'remediation' && rand() < 0.3;
  const actorId = byUser ? pick(rand, USERS) : `${flow.category}-service`;
  const podName = `${r.app}-${hex8(rand).slice(0, 6)}-${hex8(rand).slice(0, 5)}`;
  const durationMs = int(rand, 1, 4000);
  const summary = (SUMMARIES[r.alert.length % SUMMARIES.length] as string)
    .replace('{app}', r.app)
    .replace('{ns}', r.namespace);
  const eventData: Record<string, unknown> = {
    version: '1.0',
    service: `${flow.category}-service`,
    operation: flow.action,
    status: outcome,
    alert: {
      name: r.alert,
      fingerprint: r.fingerprint,
      severity: r.severity,
      namespace: r.namespace,
      cluster: r.clusterId,
      starts_at: new Date(atMs - 60_000).toISOString(),
    },
    labels: {
      app: r.app,
      team: r.team,
      env: 'production',
      tier: r.app.endsWith('api') ? 'frontend' : 'backend',
      region: r.region,
    },
    payload: {
      items: [0, 1, 2].map((i) => ({
        name: `${r.app}-${int(rand, 0, 9)}`,
        kind: i === 0 ? r.kind : 'Pod',
        replicas: int(rand, 1, 12),
        cpu_millicores: int(rand, 50, 4000),
        memory_mib: int(rand, 64, 8192),
      })),
      metrics: {
        restarts: int(rand, 0, 100),
        cpu_pct: Math.round(rand() * 10_000) / 100,
        mem_pct: Math.round(rand() * 10_000) / 100,
        latency_ms: { p50: int(rand, 2, 200), p99: int(rand, 200, 4000) },
      },
      score: Math.round(rand() * 1000) / 1000,
      priority: r.priority,
      attempt: 1 + (step % 3),
    },
    source_payload: {
      summary,
      runbook_url: `https://runbooks.example.com/alerts/${r.alert.toLowerCase()}`,
      pod: podName,
    },
  };
  return {
    eventId: uuid7(atMs, rand),
    eventTimestamp: isoMicros(atMs, int(rand, 0, 999)),
    eventType: flow.type,
    eventCategory: flow.category,
    eventAction: flow.action,
    eventOutcome: outcome,
    actorType: byUser ? 'user' : 'service',
    actorId,
    actorIp: byUser ? `10.${int(rand, 0, 255)}.${int(rand, 0, 255)}.${int(rand, 1, 254)}` : null,
    resourceType: r.kind.toLowerCase(),
    resourceId: `${r.namespace}/${r.app}`,
    resourceName: podName,
    correlationId: r.correlationId,
    traceId: r.traceId,
    spanId: hex8(rand) + hex8(rand),
    namespace: r.namespace,
    clusterId: r.clusterId,
    eventData,
    severity: r.severity,
    durationMs,
    errorCode: outcome === 'failure' ? `E${int(rand, 100, 999)}` : null,
    errorMessage: outcome === 'failure' ? `step ${flow.type} failed: ${summary.slice(0, 60)}` : null,
  };
}

/** The GraphQL `AuditEventInput` for an event. */
export function toGraphqlInput(e: BenchEvent): Record<string, unknown> {
  return {
    eventId: e.eventId,
    eventTimestamp: e.eventTimestamp,
    eventType: e.eventType,
    eventCategory: e.eventCategory,
    eventAction: e.eventAction,
    eventOutcome: e.eventOutcome.toUpperCase(),
    actor: { type: e.actorType, id: e.actorId, ip: e.actorIp },
    resource: { type: e.resourceType, id: e.resourceId, name: e.resourceName },
    correlationId: e.correlationId,
    traceId: e.traceId,
    spanId: e.spanId,
    namespace: e.namespace,
    clusterId: e.clusterId,
    eventData: e.eventData,
    severity: e.severity,
    durationMs: e.durationMs,
    errorCode: e.errorCode,
    errorMessage: e.errorMessage,
  };
}

/** The stored-row columns the bench writes directly (COPY, json_populate_recordset). */
export const ROW_COLUMNS = [
  'event_id',
  'event_timestamp',
  'event_type',
  'event_category',
  'event_action',
  'event_outcome',
  'actor_type',
  'actor_id',
  'actor_ip',
  'resource_type',
  'resource_id',
  'resource_name',
  'correlation_id',
  'trace_id',
  'span_id',
  'namespace',
  'cluster_id',
  'event_data',
  'event_data_digest',
  'severity',
  'duration_ms',
  'error_code',
  'error_message',
  'sequence',
  'previous_event_hash',
  'event_hash',
  'hash_algorithm',
] as const;

export interface ChainFields {
  sequence: number;
  previousHash: string | null;
  hash: string;
  digest: string;
}

/** A stored row as a JSON-able object keyed by column (json_populate_recordset). */
export function toRow(e: BenchEvent, c: ChainFields): Record<string, unknown> {
  return {
    event_id: e.eventId,
    event_timestamp: e.eventTimestamp,
    event_type: e.eventType,
    event_category: e.eventCategory,
    event_action: e.eventAction,
    event_outcome: e.eventOutcome,
    actor_type: e.actorType,
    actor_id: e.actorId,
    actor_ip: e.actorIp,
    resource_type: e.resourceType,
    resource_id: e.resourceId,
    resource_name: e.resourceName,
    correlation_id: e.correlationId,
    trace_id: e.traceId,
    span_id: e.spanId,
    namespace: e.namespace,
    cluster_id: e.clusterId,
    event_data: e.eventData,
    event_data_digest: c.digest,
    severity: e.severity,
    duration_ms: e.durationMs,
    error_code: e.errorCode,
    error_message: e.errorMessage,
    sequence: c.sequence,
    previous_event_hash: c.previousHash,
    event_hash: c.hash,
    hash_algorithm: 'sha256',
    event_version: '1.0',
    retention_days: 2555,
    is_sensitive: false,
  };
}

const COPY_SPECIAL = /[\\\t\n\r]/;
const copyText = (value: string | number | null): string => {
  if (value === null) return '\\N';
  const s = String(value);
  return COPY_SPECIAL.test(s)
    ? s.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c] as string)
    : s;
};

/** One line of COPY text format, columns as ROW_COLUMNS. */
export function toCopyLine(e: BenchEvent, c: ChainFields): string {
  return `${[
    e.eventId,
    e.eventTimestamp,
    e.eventType,
    e.eventCategory,
    e.eventAction,
    e.eventOutcome,
    e.actorType,
    e.actorId,
    e.actorIp,
    e.resourceType,
    e.resourceId,
    e.resourceName,
    e.correlationId,
    e.traceId,
    e.spanId,
    e.namespace,
    e.clusterId,
    JSON.stringify(e.eventData),
    c.digest,
    e.severity,
    e.durationMs,
    e.errorCode,
    e.errorMessage,
    c.sequence,
    c.previousHash,
    c.hash,
    'sha256',
  ]
    .map(copyText)
    .join('\t')}\n`;
}
