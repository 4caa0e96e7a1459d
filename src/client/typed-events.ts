import type { z } from 'zod';
import type { AuditEvent, AuditEventOutcome } from './types.js';

/** Everything of an event except what the definition fixes (type, category, action, payload). */
export type AuditEventContext = Omit<
  AuditEvent,
  'eventType' | 'eventCategory' | 'eventAction' | 'eventData' | 'eventOutcome'
> & {
  /** Default `SUCCESS`. */
  eventOutcome?: AuditEventOutcome;
};

export interface AuditEventDefinition<Type extends string, Schema extends z.ZodType<Record<string, unknown>>> {
  readonly eventType: Type;
  readonly eventCategory: string;
  readonly eventAction: string;
  readonly schema: Schema;
  /**
   * Makes an event whose `eventData` is the payload, checked against the schema (throws a ZodError
   * on a payload that does not match it: a programming error, not a transport one).
   */
  build(payload: z.input<Schema>, context: AuditEventContext): AuditEvent & { eventType: Type };
}

/**
 * Defines one event type with a typed payload (the seed's structured types, converted to a plain
 * object only here, at the API boundary). Category and action default to the first and last part of
 * `{service}.{domain}.{action}`.
 *
 * ```ts
 * const SignalReceived = defineAuditEvent('gateway.signal.received', z.object({ alert_name: z.string() }));
 * recorder.record(SignalReceived.build({ alert_name: 'PodOOMKilled' }, { correlationId: 'rr-1' }));
 * ```
 */
export function defineAuditEvent<Type extends string, Schema extends z.ZodType<Record<string, unknown>>>(
  eventType: Type,
  schema: Schema,
  options: { category?: string; action?: string } = {},
): AuditEventDefinition<Type, Schema> {
  const parts = eventType.split('.');
  if (parts.length < 2 || parts.some((p) => p.length === 0)) {
    throw new Error(`event type "${eventType}" must read {service}.{domain}.{action}`);
  }
  const eventCategory = options.category ?? (parts[0] as string);
  const eventAction = options.action ?? (parts[parts.length - 1] as string);
  return {
    eventType,
    eventCategory,
    eventAction,
    schema,
    build(payload, { eventOutcome = 'SUCCESS', ...context }) {
      return {
        ...context,
        eventType,
        eventCategory,
        eventAction,
        eventOutcome,
        eventData: schema.parse(payload),
      };
    },
  };
}

export interface EnvelopeInput<Payload extends Record<string, unknown>> {
  service: string;
  operation: string;
  status: string;
  payload: Payload;
  /** The original external payload, e.g. the alert that triggered a signal. */
  sourcePayload?: Record<string, unknown>;
  /** Default "1.0". */
  version?: string;
}

/** The optional common envelope of the reference library, in its JSON field names. */
export function envelope<Payload extends Record<string, unknown>>(input: EnvelopeInput<Payload>) {
  return {
    version: input.version ?? '1.0',
    service: input.service,
    operation: input.operation,
    status: input.status,
    payload: input.payload,
    ...(input.sourcePayload && { source_payload: input.sourcePayload }),
  };
}
