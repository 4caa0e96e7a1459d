import { parseDuration } from '../duration.js';
import { codedError, ErrorCode } from '../errors.js';
import { storable, UUID_PATTERN } from '../events/rules.js';
import { instantFromEpochMs, parseInstant, preciseNow } from '../events/timestamp.js';
import { parseDataPath } from './data-path.js';

/** Columns an event filter may match exactly (one value, or any of a list). */
export type EventColumn =
  | 'eventId'
  | 'correlationId'
  | 'eventType'
  | 'eventCategory'
  | 'eventAction'
  | 'eventOutcome'
  | 'actorType'
  | 'actorId'
  | 'resourceType'
  | 'resourceId'
  | 'namespace'
  | 'clusterId'
  | 'severity'
  | 'parentEventId';

export type JsonScalar = string | number | boolean | null;
export type PathOperator = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'exists' | 'like';
export const PATH_OPERATORS: readonly PathOperator[] = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'exists', 'like'];

export type PathPredicate =
  | { segments: string[]; op: 'eq' | 'ne'; value: JsonScalar }
  | { segments: string[]; op: 'gt' | 'gte' | 'lt' | 'lte'; value: string | number }
  | { segments: string[]; op: 'in'; values: JsonScalar[] }
  | { segments: string[]; op: 'exists'; exists: boolean }
  | { segments: string[]; op: 'like'; pattern: string };

/** A validated filter; every part is ANDed. */
export interface EventFilter {
  columns: Array<[EventColumn, string[]]>;
  typePrefix: string | null;
  /** Canonical ISO instants, both inclusive. */
  since: string | null;
  until: string | null;
  dataContains: Record<string, unknown> | null;
  dataPaths: PathPredicate[];
  and: EventFilter[];
  or: EventFilter[];
  not: EventFilter | null;
}

export const EMPTY_FILTER: EventFilter = {
  columns: [],
  typePrefix: null,
  since: null,
  until: null,
  dataContains: null,
  dataPaths: [],
  and: [],
  or: [],
  not: null,
};

/** How many values one list filter, and how deep and/or/not nesting, may hold. */
export const FILTER_LIMITS = { values: 100, nesting: 4, pathPredicates: 20 } as const;

export const badFilter = (argument: string, message: string) =>
  codedError(ErrorCode.BadUserInput, message, { argument });

/**
 * `since` / `until`: an RFC 3339 time, or a duration back from now (`30m`, `24h`, `7d`).
 * Negative or malformed forms are BAD_USER_INPUT.
 */
export function parseTimeBound(argument: string, text: string, nowMs = preciseNow()): string {
  const instant = parseInstant(text);
  if (instant) return instant.iso;
  const ms = parseDuration(text);
  if (ms === null) {
    throw badFilter(argument, `${argument} must be an RFC 3339 time or a duration such as 30m, 24h or 7d`);
  }
  return instantFromEpochMs(nowMs - ms).iso;
}

export function checkUuids(argument: string, ids: readonly string[]): string[] {
  for (const id of ids) if (!UUID_PATTERN.test(id)) throw badFilter(argument, `${argument} must hold UUIDs`);
  return ids.map((id) => id.toLowerCase());
}

/** No stored text holds NUL or an unpaired surrogate, and PostgreSQL refuses to compare with one. */
export function checkText(argument: string, value: string): string {
  if (!storable(value)) throw badFilter(argument, `${argument} must not contain NUL characters or unpaired surrogates`);
  return value;
}

export function checkValues(argument: string, values: readonly string[]): string[] {
  if (values.length === 0) throw badFilter(argument, `${argument} must not be empty`);
  if (values.length > FILTER_LIMITS.values) {
    throw badFilter(argument, `${argument} holds at most ${FILTER_LIMITS.values} values`);
  }
  for (const value of values) checkText(argument, value);
  return [...values];
}

const isScalar = (v: unknown): v is JsonScalar =>
  v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/** One `dataPath` entry: a path and exactly one operator. */
export function parsePathPredicate(input: Partial<Record<PathOperator, unknown>> & { path: string }): PathPredicate {
  const given = PATH_OPERATORS.filter((op) => input[op] !== undefined && input[op] !== null);
  if (given.length !== 1) {
    throw badFilter('dataPath', `each dataPath entry takes exactly one of ${PATH_OPERATORS.join(', ')}`);
  }
  const op = given[0] as PathOperator;
  const segments = parseDataPath(input.path);
  const value = input[op];
  switch (op) {
    case 'eq':
    case 'ne':
      if (!isScalar(value)) throw badFilter(`dataPath.${op}`, `${op} compares with a string, number or boolean`);
      return { segments, op, value };
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) {
        throw badFilter(`dataPath.${op}`, `${op} compares with a number or a string`);
      }
      return { segments, op, value };
    case 'in':
      if (!Array.isArray(value) || !value.every(isScalar)) {
        throw badFilter('dataPath.in', 'in takes a list of strings, numbers or booleans');
      }
      checkValues('dataPath.in', value.map(String));
      return { segments, op, values: value };
    case 'exists':
      return { segments, op, exists: value === true };
    case 'like':
      if (typeof value !== 'string') throw badFilter('dataPath.like', 'like takes a string pattern');
      return { segments, op, pattern: value };
  }
}

/** A payload (eventData) predicate anywhere in the filter. */
export const usesJsonb = (f: EventFilter): boolean =>
  f.dataContains !== null || f.dataPaths.length > 0 || [...f.and, ...f.or, ...(f.not ? [f.not] : [])].some(usesJsonb);

/** A containment every matching row obeys (top level or a top-level `and`): one the GIN index can serve. */
export const usesContainment = (f: EventFilter): boolean => f.dataContains !== null || f.and.some(usesContainment);

/** `since` at the top level or in a top-level `and`: a bound every matching row obeys. */
const hasLowerBound = (f: EventFilter): boolean => f.since !== null || f.and.some(hasLowerBound);

/**
 * A JSONB filter scans every event of its time window that the other filters leave; with no
 * window that is the whole table, so it is refused up front rather than left to the timeout.
 */
export function requireTimeWindowForJsonb(filter: EventFilter): void {
  if (usesJsonb(filter) && !hasLowerBound(filter)) {
    throw codedError(
      ErrorCode.TimeWindowRequired,
      'a filter on eventData needs a time window: give `since` (an RFC 3339 time or a duration such as 24h)',
      { argument: 'filter.since' },
    );
  }
}
