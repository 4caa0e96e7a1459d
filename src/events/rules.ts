import { z } from 'zod';
import type { EventLoopSlices } from '../event-loop-slices.js';
import { canonicalJson } from './canonical-json.js';
import { canonicalIp } from './ip.js';
import { parseInstant } from './timestamp.js';

/*
 * The rules every audit event must pass before anything is written. The gateway applies them to
 * each batch; the client library applies the same ones at record() time.
 */

export const OUTCOMES = ['success', 'failure', 'pending'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface EventLimits {
  maxEventDataBytes: number;
  maxEventDataDepth: number;
  maxEventAgeMs: number;
  maxEventFutureMs: number;
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** PostgreSQL text cannot hold NUL, and JSONB rejects lone surrogates: refuse both up front. */
export const storable = (value: string) => !value.includes('\u0000') && value.isWellFormed();

/** varchar(n) counts characters (code points), not UTF-16 units. */
const charLength = (value: string) => (value.length <= 64 ? [...value].length : Array.from(value).length);

const text = (max: number) =>
  z
    .string()
    .refine(storable, 'must not contain NUL characters or unpaired surrogates')
    .refine((v) => v.length <= max || charLength(v) <= max, `must be at most ${max} characters`);
const required = (max: number) => text(max).min(1, 'is required and must not be empty');
const optional = (max: number) => text(max).nullish();

const uuid = z
  .string()
  .regex(UUID_PATTERN, 'must be a UUID')
  .transform((v) => v.toLowerCase());

const ip = z.string().transform((value, ctx) => {
  const canonical = canonicalIp(value);
  if (canonical === null) {
    ctx.addIssue({ code: 'custom', message: 'must be an IPv4 or IPv6 address' });
    return z.NEVER;
  }
  return canonical;
});

function jsonShape(value: unknown, maxDepth: number, depth = 1): string | null {
  if (typeof value === 'string')
    return storable(value) ? null : 'must not contain NUL characters or unpaired surrogates';
  if (value === null || typeof value !== 'object') return null;
  if (depth > maxDepth) return `must be nested at most ${maxDepth} levels deep`;
  for (const [key, child] of Object.entries(value)) {
    if (!storable(key)) return 'must not contain NUL characters or unpaired surrogates';
    const problem = jsonShape(child, maxDepth, depth + 1);
    if (problem) return problem;
  }
  return null;
}

export function eventInputSchema(limits: EventLimits, now: () => number = Date.now) {
  const eventData = z.unknown().transform((value, ctx) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object' });
      return z.NEVER;
    }
    const problem = jsonShape(value, limits.maxEventDataDepth);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
    // Canonical (RFC 8785), so one serialisation serves the size limit, the digest and the stored row.
    const json = canonicalJson(value);
    const bytes = Buffer.byteLength(json);
    if (bytes > limits.maxEventDataBytes) {
      ctx.addIssue({
        code: 'custom',
        message: `must be at most ${limits.maxEventDataBytes} bytes serialized, got ${bytes}`,
      });
      return z.NEVER;
    }
    return { value: value as Record<string, unknown>, json };
  });

  const timestamp = z.string().transform((value, ctx) => {
    const instant = parseInstant(value);
    if (!instant) {
      ctx.addIssue({ code: 'custom', message: 'must be an RFC 3339 time, e.g. 2026-11-22T10:15:30.123456Z' });
      return z.NEVER;
    }
    const current = now();
    if (instant.epochMs > current + limits.maxEventFutureMs) {
      ctx.addIssue({
        code: 'custom',
        message: `must be at most ${limits.maxEventFutureMs / 60_000} minutes in the future`,
      });
      return z.NEVER;
    }
    if (instant.epochMs < current - limits.maxEventAgeMs) {
      ctx.addIssue({ code: 'custom', message: `must be at most ${limits.maxEventAgeMs / 86_400_000} days old` });
      return z.NEVER;
    }
    return instant.iso;
  });

  return z.object({
    eventId: uuid.nullish(),
    eventVersion: text(10).min(1, 'must not be empty').nullish(),
    eventTimestamp: timestamp,
    eventType: required(100),
    eventCategory: required(50),
    eventAction: required(50),
    eventOutcome: z.enum(OUTCOMES, { message: 'must be one of success, failure, pending' }),
    actor: z.object({ type: required(50).nullish(), id: required(255).nullish(), ip: ip.nullish() }).nullish(),
    resource: z.object({ type: required(100).nullish(), id: required(255).nullish(), name: optional(255) }).nullish(),
    correlationId: required(255),
    parentEventId: uuid.nullish(),
    traceId: optional(255),
    spanId: optional(255),
    namespace: optional(253),
    clusterId: optional(255),
    eventData,
    severity: optional(20),
    durationMs: z.number().int('must be an integer').min(0, 'must not be negative').max(2_147_483_647).nullish(),
    errorCode: optional(50),
    errorMessage: text(1_000_000).nullish(),
    retentionDays: z
      .number()
      .int('must be an integer')
      .min(1, 'must be between 1 and 2555')
      .max(2555, 'must be between 1 and 2555')
      .nullish(),
    isSensitive: z.boolean().nullish(),
  });
}

export type EventInput = z.input<ReturnType<typeof eventInputSchema>>;
type Parsed = z.output<ReturnType<typeof eventInputSchema>>;

/** An event that passed validation, with every default applied: what gets hashed and stored. */
export interface ValidEvent {
  eventId: string | null;
  eventVersion: string;
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
  parentEventId: string | null;
  traceId: string | null;
  spanId: string | null;
  namespace: string | null;
  clusterId: string | null;
  eventData: Record<string, unknown>;
  /** The payload's canonical JSON text (what is digested and stored). */
  eventDataJson: string;
  severity: string | null;
  durationMs: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  retentionDays: number;
  isSensitive: boolean;
}

export interface EventProblem {
  index: number;
  field: string;
  message: string;
}

function applyDefaults(p: Parsed): ValidEvent {
  return {
    eventId: p.eventId ?? null,
    eventVersion: p.eventVersion ?? '1.0',
    eventTimestamp: p.eventTimestamp,
    eventType: p.eventType,
    eventCategory: p.eventCategory,
    eventAction: p.eventAction,
    eventOutcome: p.eventOutcome,
    actorType: p.actor?.type ?? 'service',
    actorId: p.actor?.id ?? `${p.eventCategory}-service`,
    actorIp: p.actor?.ip ?? null,
    resourceType: p.resource?.type ?? p.eventCategory,
    resourceId: p.resource?.id ?? p.correlationId,
    resourceName: p.resource?.name ?? null,
    correlationId: p.correlationId,
    parentEventId: p.parentEventId ?? null,
    traceId: p.traceId ?? null,
    spanId: p.spanId ?? null,
    namespace: p.namespace ?? null,
    clusterId: p.clusterId ?? null,
    eventData: p.eventData.value,
    eventDataJson: p.eventData.json,
    severity: p.severity ?? null,
    durationMs: p.durationMs ?? null,
    errorCode: p.errorCode ?? null,
    errorMessage: p.errorMessage ?? null,
    retentionDays: p.retentionDays ?? 2555,
    isSensitive: p.isSensitive ?? false,
  };
}

export type Validated = { ok: true; events: ValidEvent[] } | { ok: false; problems: EventProblem[] };

/** Validates a batch, collecting every problem of every event rather than stopping at the first. */
export function validateEvents(inputs: readonly unknown[], schema: ReturnType<typeof eventInputSchema>): Validated {
  const events: ValidEvent[] = [];
  const problems: EventProblem[] = [];
  inputs.forEach((input, index) => validateInto(events, problems, input, index, schema));
  return problems.length ? { ok: false, problems } : { ok: true, events };
}

/** validateEvents, letting the event loop run other work between slices of a large batch. */
export async function validateEventsInSlices(
  inputs: readonly unknown[],
  schema: ReturnType<typeof eventInputSchema>,
  slices: Pick<EventLoopSlices, 'due' | 'yield'>,
): Promise<Validated> {
  const events: ValidEvent[] = [];
  const problems: EventProblem[] = [];
  for (let index = 0; index < inputs.length; index++) {
    if (index > 0 && slices.due()) await slices.yield();
    validateInto(events, problems, inputs[index], index, schema);
  }
  return problems.length ? { ok: false, problems } : { ok: true, events };
}

function validateInto(
  events: ValidEvent[],
  problems: EventProblem[],
  input: unknown,
  index: number,
  schema: ReturnType<typeof eventInputSchema>,
): void {
  const parsed = schema.safeParse(input);
  if (parsed.success) {
    events.push(applyDefaults(parsed.data));
    return;
  }
  for (const issue of parsed.error.issues) {
    problems.push({ index, field: issue.path.join('.') || 'event', message: issue.message });
  }
}
