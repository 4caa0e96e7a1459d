import { v7 as uuidv7 } from 'uuid';
import type { AuditEventInput } from '../../generated/graphql/graphql.js';

/** A valid event (about 1 KB like the reference's), happening now unless told otherwise. */
export function makeEvent(overrides: Partial<AuditEventInput> = {}): AuditEventInput {
  return {
    eventId: uuidv7(),
    eventTimestamp: new Date().toISOString(),
    eventType: 'gateway.signal.received',
    eventCategory: 'gateway',
    eventAction: 'received',
    eventOutcome: 'SUCCESS',
    correlationId: 'rr-2026-001',
    eventData: {
      version: '1.0',
      service: 'gateway',
      operation: 'signal_received',
      status: 'success',
      payload: { signal_fingerprint: 'fp-abc123', alert_name: 'PodOOMKilled', namespace: 'production', replicas: 3 },
    },
    ...overrides,
  };
}

export const isoAgo = (ms: number) => new Date(Date.now() - ms).toISOString();
export const DAY = 86_400_000;
