import {
  badFilter,
  checkText,
  checkUuids,
  checkValues,
  EMPTY_FILTER,
  type EventColumn,
  type EventFilter,
  FILTER_LIMITS,
  parsePathPredicate,
  parseTimeBound,
  type PathOperator,
} from './event-filter.js';

type Maybe<T> = T | null | undefined;

/** The filter as a client sends it (the GraphQL input `AuditEventFilter`, camelCase). */
export interface EventFilterInput {
  eventIds?: Maybe<readonly string[]>;
  correlationId?: Maybe<string>;
  correlationIds?: Maybe<readonly string[]>;
  eventType?: Maybe<string>;
  eventTypes?: Maybe<readonly string[]>;
  eventTypePrefix?: Maybe<string>;
  category?: Maybe<string>;
  action?: Maybe<string>;
  outcome?: Maybe<string>;
  outcomes?: Maybe<readonly string[]>;
  actorType?: Maybe<string>;
  actorId?: Maybe<string>;
  actorIds?: Maybe<readonly string[]>;
  resourceType?: Maybe<string>;
  resourceId?: Maybe<string>;
  namespace?: Maybe<string>;
  clusterId?: Maybe<string>;
  severity?: Maybe<string>;
  parentEventId?: Maybe<string>;
  since?: Maybe<string>;
  until?: Maybe<string>;
  dataContains?: Maybe<object>;
  dataPath?: Maybe<ReadonlyArray<Partial<Record<PathOperator, unknown>> & { path: string }>>;
  and?: Maybe<readonly EventFilterInput[]>;
  or?: Maybe<readonly EventFilterInput[]>;
  not?: Maybe<EventFilterInput>;
}

/** Single-value and list-valued inputs of each column; both given means the value must be in both. */
const COLUMN_INPUTS: Array<[EventColumn, keyof EventFilterInput | null, keyof EventFilterInput | null]> = [
  ['eventId', null, 'eventIds'],
  ['correlationId', 'correlationId', 'correlationIds'],
  ['eventType', 'eventType', 'eventTypes'],
  ['eventCategory', 'category', null],
  ['eventAction', 'action', null],
  ['eventOutcome', 'outcome', 'outcomes'],
  ['actorType', 'actorType', null],
  ['actorId', 'actorId', 'actorIds'],
  ['resourceType', 'resourceType', null],
  ['resourceId', 'resourceId', null],
  ['namespace', 'namespace', null],
  ['clusterId', 'clusterId', null],
  ['severity', 'severity', null],
  ['parentEventId', 'parentEventId', null],
];

const UUID_COLUMNS = new Set<EventColumn>(['eventId', 'parentEventId']);

/** Validates a client's filter into an {@link EventFilter}; any problem is BAD_USER_INPUT naming the argument. */
export function toEventFilter(input: Maybe<EventFilterInput>, nowMs?: number, depth = 0): EventFilter {
  if (!input) return EMPTY_FILTER;
  if (depth > FILTER_LIMITS.nesting) {
    throw badFilter('filter', `and/or/not nest at most ${FILTER_LIMITS.nesting} levels deep`);
  }
  const columns: EventFilter['columns'] = [];
  for (const [column, single, list] of COLUMN_INPUTS) {
    const one = single ? (input[single] as Maybe<string>) : null;
    const many = list ? (input[list] as Maybe<readonly string[]>) : null;
    for (const [argument, given] of [
      [single, one == null ? null : [one]],
      [list, many],
    ] as const) {
      if (!argument || !given) continue;
      const values = checkValues(argument, given);
      columns.push([column, UUID_COLUMNS.has(column) ? checkUuids(argument, values) : values]);
    }
  }
  const dataPath = input.dataPath ?? [];
  if (dataPath.length > FILTER_LIMITS.pathPredicates) {
    throw badFilter('dataPath', `dataPath holds at most ${FILTER_LIMITS.pathPredicates} entries`);
  }
  const nested = (f: EventFilterInput) => toEventFilter(f, nowMs, depth + 1);
  return {
    columns,
    typePrefix: input.eventTypePrefix == null ? null : checkText('eventTypePrefix', input.eventTypePrefix),
    since: input.since == null ? null : parseTimeBound('since', input.since, nowMs),
    until: input.until == null ? null : parseTimeBound('until', input.until, nowMs),
    dataContains: (input.dataContains as Record<string, unknown> | null | undefined) ?? null,
    dataPaths: dataPath.map(parsePathPredicate),
    and: (input.and ?? []).map(nested),
    or: (input.or ?? []).map(nested),
    not: input.not ? nested(input.not) : null,
  };
}
