import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { AuditRecorder } from './recorder.js';
import type { RecorderStats } from './stats.js';

const COUNTERS = [
  ['buffered', 'audit_client_events_buffered_total', 'Events accepted into the buffer by record().'],
  ['sent', 'audit_client_events_sent_total', 'Events stored by the backend.'],
  ['duplicates', 'audit_client_events_duplicate_total', 'Events the backend already held (idempotent retries).'],
  ['deadLettered', 'audit_client_events_dead_lettered_total', 'Events written to the dead-letter store.'],
  ['rejected', 'audit_client_events_rejected_total', 'Events refused as invalid (dead-lettered with reasons).'],
  [
    'dropped',
    'audit_client_events_dropped_total',
    'Events lost: drop policy, recorded after close, dead-letter failure.',
  ],
  ['failedBatches', 'audit_client_batches_failed_total', 'Batches that ran out of attempts.'],
] as const satisfies ReadonlyArray<readonly [keyof RecorderStats, string, string]>;

interface Registered {
  recorders: Map<AuditRecorder, string>;
  writeSeconds: Histogram<'service'>;
}

const registries = new WeakMap<Registry, Registered>();

/**
 * Exposes a recorder's counters in a prom-client registry, labelled `service`. The values are read
 * from `recorder.stats()` at scrape time, so record() pays nothing for them. Several recorders may
 * share a registry.
 */
export function registerRecorderMetrics(recorder: AuditRecorder, registry: Registry, service: string): void {
  let registered = registries.get(registry);
  if (!registered) {
    const recorders = new Map<AuditRecorder, string>();
    const each = (read: (stats: RecorderStats) => number) =>
      function (this: Counter<'service'> | Gauge<'service'>) {
        this.reset();
        for (const [r, label] of recorders) this.inc({ service: label }, read(r.stats()));
      };
    for (const [key, name, help] of COUNTERS) {
      new Counter({ name, help, labelNames: ['service'], registers: [registry], collect: each((s) => s[key]) });
    }
    new Gauge({
      name: 'audit_client_buffer_size',
      help: 'Events waiting in the buffer.',
      labelNames: ['service'],
      registers: [registry],
      collect: each((s) => s.bufferUsed),
    });
    new Gauge({
      name: 'audit_client_buffer_capacity',
      help: 'Events the buffer holds at most.',
      labelNames: ['service'],
      registers: [registry],
      collect: each((s) => s.bufferCapacity),
    });
    const writeSeconds = new Histogram({
      name: 'audit_client_write_duration_seconds',
      help: 'Time of one successful backend write.',
      labelNames: ['service'],
      registers: [registry],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    });
    registered = { recorders, writeSeconds };
    registries.set(registry, registered);
  }
  registered.recorders.set(recorder, service);
  const histogram = registered.writeSeconds;
  recorder.observeWrites((seconds) => histogram.observe({ service }, seconds));
}
