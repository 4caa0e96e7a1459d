import { type EventLimits, eventInputSchema, validateEvents } from '../events/rules.js';
import type { BackendLimits, EventRejection, WireEvent } from './types.js';

/** The gateway's default limits; a gateway backend replaces them with the ones it announces. */
export const DEFAULT_EVENT_LIMITS = {
  maxEventDataBytes: 256 * 1024,
  maxEventDataDepth: 10,
  maxEventAgeMs: 30 * 86_400_000,
  maxEventFutureMs: 60 * 60_000,
} satisfies EventLimits;

export interface Validator {
  /** Splits a batch into the events the gateway would accept and the problems of the others. */
  check(events: readonly WireEvent[]): { valid: WireEvent[]; rejected: Map<number, EventRejection[]> };
}

/** Local validation with the gateway's own rules (`src/events/rules.ts`), not a copy of them. */
export function createValidator(limits: BackendLimits = {}, now: () => number = Date.now): Validator {
  const schema = eventInputSchema({ ...DEFAULT_EVENT_LIMITS, ...definedOnly(limits) }, now);
  return {
    check(events) {
      // The rules speak the domain's lower-case outcomes; the wire uses the GraphQL enum.
      const inputs = events.map((e) => ({ ...e, eventOutcome: String(e.eventOutcome).toLowerCase() }));
      const rejected = new Map<number, EventRejection[]>();
      for (const problem of problemsOf(inputs, schema)) {
        const list = rejected.get(problem.index) ?? [];
        list.push(problem);
        rejected.set(problem.index, list);
      }
      return { valid: rejected.size ? events.filter((_, i) => !rejected.has(i)) : [...events], rejected };
    },
  };
}

/** The rules' problems; an event the rules cannot even read (e.g. a BigInt in eventData) is one too. */
function problemsOf(inputs: readonly unknown[], schema: ReturnType<typeof eventInputSchema>): EventRejection[] {
  try {
    const result = validateEvents(inputs, schema);
    return result.ok ? [] : result.problems;
  } catch {
    return inputs.flatMap((input, index) => {
      try {
        const one = validateEvents([input], schema);
        return one.ok ? [] : one.problems.map((p) => ({ ...p, index }));
      } catch (error) {
        return [{ index, field: 'event', message: `cannot be read as JSON: ${(error as Error).message}` }];
      }
    });
  }
}

function definedOnly(limits: BackendLimits): Partial<EventLimits> {
  const picked: Partial<EventLimits> = {};
  if (limits.maxEventDataBytes !== undefined) picked.maxEventDataBytes = limits.maxEventDataBytes;
  if (limits.maxEventDataDepth !== undefined) picked.maxEventDataDepth = limits.maxEventDataDepth;
  if (limits.maxEventAgeMs !== undefined) picked.maxEventAgeMs = limits.maxEventAgeMs;
  if (limits.maxEventFutureMs !== undefined) picked.maxEventFutureMs = limits.maxEventFutureMs;
  return picked;
}
