import {
  type FieldNode,
  getArgumentValues,
  getNamedType,
  type GraphQLResolveInfo,
  isObjectType,
  Kind,
  type SelectionSetNode,
} from 'graphql';
import { HEAD_COLUMN_NAMES, type HeadColumn } from '../db/correlation-queries.js';
import type { EventColumn } from '../db/event-rows.js';
import type { PageArgs } from './page.js';

/** The row columns each AuditEvent field reads. A field missing here makes a page read every column. */
export const AUDIT_EVENT_FIELD_COLUMNS: Readonly<Record<string, readonly EventColumn[]>> = {
  __typename: [],
  id: ['eventId'],
  eventId: ['eventId'],
  eventVersion: ['eventVersion'],
  eventTimestamp: ['eventTimestamp'],
  eventType: ['eventType'],
  eventCategory: ['eventCategory'],
  eventAction: ['eventAction'],
  eventOutcome: ['eventOutcome'],
  actor: ['actorType', 'actorId', 'actorIp'],
  resource: ['resourceType', 'resourceId', 'resourceName'],
  correlationId: ['correlationId'],
  sequence: ['sequence'],
  parentEventId: ['parentEventId'],
  traceId: ['traceId'],
  spanId: ['spanId'],
  namespace: ['namespace'],
  clusterId: ['clusterId'],
  eventData: ['eventData'],
  eventDataDigest: ['eventDataDigest'],
  severity: ['severity'],
  durationMs: ['durationMs'],
  errorCode: ['errorCode'],
  errorMessage: ['errorMessage'],
  retentionDays: ['retentionDays'],
  isSensitive: ['isSensitive'],
  eventHash: ['eventHash'],
  previousEventHash: ['previousEventHash'],
  hashAlgorithm: ['hashAlgorithm'],
  recordedAt: ['recordedAt'],
  parent: ['parentEventId'],
  children: ['eventId'],
  correlation: ['correlationId'],
};

/** The fields of a selection set, through inline fragments and fragment spreads, whatever their type condition. */
function fieldsOf(selectionSet: SelectionSetNode | undefined, info: GraphQLResolveInfo): FieldNode[] {
  const fields: FieldNode[] = [];
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD) fields.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) fields.push(...fieldsOf(selection.selectionSet, info));
    else fields.push(...fieldsOf(info.fragments[selection.name.value]?.selectionSet, info));
  }
  return fields;
}

/** The row columns each Correlation field reads, as above: each summary field is its own column. */
export const CORRELATION_FIELD_COLUMNS: Readonly<Record<string, readonly HeadColumn[]>> = {
  __typename: [],
  ...Object.fromEntries(HEAD_COLUMN_NAMES.map((column) => [column, [column]])),
  events: ['correlationId'],
};

/**
 * The columns a connection page must read for what its query selects under `edges { node }` and
 * `nodes`: a page of 50 events for a list view then carries a few columns, not the whole row with
 * its hashes. Null (read every column) for any field `fieldColumns` does not know. Over-reading is
 * harmless, so `@skip`/`@include` are ignored.
 */
function selectedColumns<Column>(
  connectionFields: readonly FieldNode[],
  info: GraphQLResolveInfo,
  fieldColumns: Readonly<Record<string, readonly Column[]>>,
): ReadonlySet<Column> | null {
  const nodes: FieldNode[] = [];
  for (const connectionField of fieldsOf({ kind: Kind.SELECTION_SET, selections: connectionFields }, info)) {
    for (const field of fieldsOf(connectionField.selectionSet, info)) {
      if (field.name.value === 'nodes') nodes.push(field);
      if (field.name.value === 'edges')
        nodes.push(...fieldsOf(field.selectionSet, info).filter((f) => f.name.value === 'node'));
    }
  }
  return columnsOf(
    nodes.flatMap((node) => fieldsOf(node.selectionSet, info)),
    fieldColumns,
  );
}

/** The columns these fields read; null (every column) when one of them is not in `fieldColumns`. */
function columnsOf<Column>(
  fields: readonly FieldNode[],
  fieldColumns: Readonly<Record<string, readonly Column[]>>,
): ReadonlySet<Column> | null {
  const columns = new Set<Column>();
  for (const field of fields) {
    const needs = fieldColumns[field.name.value];
    if (!needs) return null;
    for (const column of needs) columns.add(column);
  }
  return columns;
}

export const selectedEventColumns = (info: GraphQLResolveInfo) =>
  selectedColumns(info.fieldNodes, info, AUDIT_EVENT_FIELD_COLUMNS);
export const selectedHeadColumns = (info: GraphQLResolveInfo) =>
  selectedColumns(info.fieldNodes, info, CORRELATION_FIELD_COLUMNS);

/** The one page of events a `correlation(id:)` selection asks for: its arguments and the columns its nodes read. */
export interface TimelineLookahead {
  args: PageArgs;
  columns: ReadonlySet<EventColumn> | null;
  /** The head columns the correlation's own fields read (null: every one). */
  headColumns: ReadonlySet<HeadColumn> | null;
}

/**
 * Looks ahead from a Correlation field to its `events` connection, so that the head and the page
 * can be read in one statement. Null unless exactly one `events` field is selected (aliases asking
 * for two pages are served the ordinary way).
 */
export function selectedTimelinePage(info: GraphQLResolveInfo): TimelineLookahead | null {
  const type = getNamedType(info.returnType);
  const eventsField = isObjectType(type) ? type.getFields().events : undefined;
  if (!eventsField) return null;
  const fields = fieldsOf({ kind: Kind.SELECTION_SET, selections: info.fieldNodes }, info).flatMap((f) =>
    fieldsOf(f.selectionSet, info),
  );
  const events = fields.filter((f) => f.name.value === 'events');
  const [only] = events;
  if (!only || events.length > 1) return null;
  return {
    args: getArgumentValues(eventsField, only, info.variableValues) as PageArgs,
    columns: selectedColumns([only], info, AUDIT_EVENT_FIELD_COLUMNS),
    headColumns: columnsOf(fields, CORRELATION_FIELD_COLUMNS),
  };
}
