/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation ClientRecordAuditEvents($events: [AuditEventInput!]!) {\n    recordAuditEvents(events: $events) {\n      recordedCount\n      duplicateCount\n    }\n  }\n": typeof types.ClientRecordAuditEventsDocument,
    "\n  query ClientAuditLimits {\n    auditLimits {\n      maxBatchSize\n      maxBodyBytes\n      maxEventDataBytes\n      maxEventDataDepth\n      maxEventAgeSeconds\n      maxEventFutureSeconds\n    }\n  }\n": typeof types.ClientAuditLimitsDocument,
    "\n  mutation RecordAuditEvents($events: [AuditEventInput!]!) {\n    recordAuditEvents(events: $events) {\n      recordedCount\n      duplicateCount\n      events {\n        eventId\n        eventTimestamp\n        correlationId\n        sequence\n        status\n      }\n    }\n  }\n": typeof types.RecordAuditEventsDocument,
    "\n  query GetAuditEvent($eventId: UUID!) {\n    auditEvent(eventId: $eventId) {\n      eventId\n      eventVersion\n      eventTimestamp\n      eventType\n      eventCategory\n      eventAction\n      eventOutcome\n      actor {\n        type\n        id\n        ip\n      }\n      resource {\n        type\n        id\n        name\n      }\n      correlationId\n      sequence\n      parentEventId\n      traceId\n      spanId\n      namespace\n      clusterId\n      eventData\n      eventDataDigest\n      severity\n      durationMs\n      errorCode\n      errorMessage\n      retentionDays\n      isSensitive\n      eventHash\n      previousEventHash\n      hashAlgorithm\n      recordedAt\n    }\n  }\n": typeof types.GetAuditEventDocument,
    "\n  query GetAuditLimits {\n    auditLimits {\n      maxBatchSize\n      maxBodyBytes\n      maxEventDataBytes\n      maxEventDataDepth\n      maxEventAgeSeconds\n      maxEventFutureSeconds\n    }\n  }\n": typeof types.GetAuditLimitsDocument,
    "\n  subscription AuditEventRecorded($correlationId: String!, $afterSequence: Int) {\n    auditEventRecorded(correlationId: $correlationId, afterSequence: $afterSequence) {\n      eventId\n      correlationId\n      sequence\n      eventType\n      eventTimestamp\n      eventData\n    }\n  }\n": typeof types.AuditEventRecordedDocument,
    "\n  query ListEvents(\n    $filter: AuditEventFilter\n    $orderBy: AuditEventOrder\n    $first: Int\n    $after: String\n    $last: Int\n    $before: String\n  ) {\n    auditEvents(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {\n      edges {\n        cursor\n        node {\n          id\n          eventId\n          eventTimestamp\n          correlationId\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n": typeof types.ListEventsDocument,
    "\n  query ListEventIds($filter: AuditEventFilter, $first: Int) {\n    auditEvents(filter: $filter, first: $first) {\n      nodes {\n        eventId\n      }\n    }\n  }\n": typeof types.ListEventIdsDocument,
    "\n  query CountEvents($filter: AuditEventFilter, $first: Int) {\n    auditEvents(filter: $filter, first: $first) {\n      totalCount\n      nodes {\n        eventId\n      }\n    }\n  }\n": typeof types.CountEventsDocument,
    "\n  query NodeById($id: ID!) {\n    node(id: $id) {\n      id\n      ... on AuditEvent {\n        eventId\n        eventType\n      }\n    }\n  }\n": typeof types.NodeByIdDocument,
    "\n  query EventsWithRelations($filter: AuditEventFilter, $first: Int) {\n    auditEvents(filter: $filter, first: $first) {\n      nodes {\n        eventId\n        parent {\n          eventId\n        }\n        children {\n          eventId\n        }\n        correlation {\n          correlationId\n          eventCount\n        }\n      }\n    }\n  }\n": typeof types.EventsWithRelationsDocument,
    "\n  query GetCorrelation($id: String!, $first: Int, $after: String, $last: Int, $before: String) {\n    correlation(id: $id) {\n      correlationId\n      eventCount\n      successCount\n      failureCount\n      pendingCount\n      firstEventAt\n      lastEventAt\n      lastSequence\n      lastOutcome\n      categories\n      events(first: $first, after: $after, last: $last, before: $before) {\n        edges {\n          cursor\n          node {\n            eventId\n            sequence\n          }\n        }\n        pageInfo {\n          hasNextPage\n          hasPreviousPage\n          endCursor\n          startCursor\n        }\n      }\n    }\n  }\n": typeof types.GetCorrelationDocument,
    "\n  query ListCorrelations($filter: CorrelationFilter, $first: Int, $after: String) {\n    correlations(filter: $filter, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          correlationId\n          eventCount\n          lastEventAt\n          lastOutcome\n          categories\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.ListCorrelationsDocument,
    "\n  query EventCounts(\n    $filter: AuditEventFilter\n    $groupBy: [AuditEventCountDimension!]\n    $interval: AuditEventCountInterval\n  ) {\n    auditEventCounts(filter: $filter, groupBy: $groupBy, interval: $interval) {\n      bucket\n      eventType\n      category\n      outcome\n      actorId\n      count\n    }\n  }\n": typeof types.EventCountsDocument,
};
const documents: Documents = {
    "\n  mutation ClientRecordAuditEvents($events: [AuditEventInput!]!) {\n    recordAuditEvents(events: $events) {\n      recordedCount\n      duplicateCount\n    }\n  }\n": types.ClientRecordAuditEventsDocument,
    "\n  query ClientAuditLimits {\n    auditLimits {\n      maxBatchSize\n      maxBodyBytes\n      maxEventDataBytes\n      maxEventDataDepth\n      maxEventAgeSeconds\n      maxEventFutureSeconds\n    }\n  }\n": types.ClientAuditLimitsDocument,
    "\n  mutation RecordAuditEvents($events: [AuditEventInput!]!) {\n    recordAuditEvents(events: $events) {\n      recordedCount\n      duplicateCount\n      events {\n        eventId\n        eventTimestamp\n        correlationId\n        sequence\n        status\n      }\n    }\n  }\n": types.RecordAuditEventsDocument,
    "\n  query GetAuditEvent($eventId: UUID!) {\n    auditEvent(eventId: $eventId) {\n      eventId\n      eventVersion\n      eventTimestamp\n      eventType\n      eventCategory\n      eventAction\n      eventOutcome\n      actor {\n        type\n        id\n        ip\n      }\n      resource {\n        type\n        id\n        name\n      }\n      correlationId\n      sequence\n      parentEventId\n      traceId\n      spanId\n      namespace\n      clusterId\n      eventData\n      eventDataDigest\n      severity\n      durationMs\n      errorCode\n      errorMessage\n      retentionDays\n      isSensitive\n      eventHash\n      previousEventHash\n      hashAlgorithm\n      recordedAt\n    }\n  }\n": types.GetAuditEventDocument,
    "\n  query GetAuditLimits {\n    auditLimits {\n      maxBatchSize\n      maxBodyBytes\n      maxEventDataBytes\n      maxEventDataDepth\n      maxEventAgeSeconds\n      maxEventFutureSeconds\n    }\n  }\n": types.GetAuditLimitsDocument,
    "\n  subscription AuditEventRecorded($correlationId: String!, $afterSequence: Int) {\n    auditEventRecorded(correlationId: $correlationId, afterSequence: $afterSequence) {\n      eventId\n      correlationId\n      sequence\n      eventType\n      eventTimestamp\n      eventData\n    }\n  }\n": types.AuditEventRecordedDocument,
    "\n  query ListEvents(\n    $filter: AuditEventFilter\n    $orderBy: AuditEventOrder\n    $first: Int\n    $after: String\n    $last: Int\n    $before: String\n  ) {\n    auditEvents(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {\n      edges {\n        cursor\n        node {\n          id\n          eventId\n          eventTimestamp\n          correlationId\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n": types.ListEventsDocument,
    "\n  query ListEventIds($filter: AuditEventFilter, $first: Int) {\n    auditEvents(filter: $filter, first: $first) {\n      nodes {\n        eventId\n      }\n    }\n  }\n": types.ListEventIdsDocument,
    "\n  query CountEvents($filter: AuditEventFilter, $first: Int) {\n    auditEvents(filter: $filter, first: $first) {\n      totalCount\n      nodes {\n        eventId\n      }\n    }\n  }\n": types.CountEventsDocument,
    "\n  query NodeById($id: ID!) {\n    node(id: $id) {\n      id\n      ... on AuditEvent {\n        eventId\n        eventType\n      }\n    }\n  }\n": types.NodeByIdDocument,
    "\n  query EventsWithRelations($filter: AuditEventFilter, $first: Int) {\n    auditEvents(filter: $filter, first: $first) {\n      nodes {\n        eventId\n        parent {\n          eventId\n        }\n        children {\n          eventId\n        }\n        correlation {\n          correlationId\n          eventCount\n        }\n      }\n    }\n  }\n": types.EventsWithRelationsDocument,
    "\n  query GetCorrelation($id: String!, $first: Int, $after: String, $last: Int, $before: String) {\n    correlation(id: $id) {\n      correlationId\n      eventCount\n      successCount\n      failureCount\n      pendingCount\n      firstEventAt\n      lastEventAt\n      lastSequence\n      lastOutcome\n      categories\n      events(first: $first, after: $after, last: $last, before: $before) {\n        edges {\n          cursor\n          node {\n            eventId\n            sequence\n          }\n        }\n        pageInfo {\n          hasNextPage\n          hasPreviousPage\n          endCursor\n          startCursor\n        }\n      }\n    }\n  }\n": types.GetCorrelationDocument,
    "\n  query ListCorrelations($filter: CorrelationFilter, $first: Int, $after: String) {\n    correlations(filter: $filter, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          correlationId\n          eventCount\n          lastEventAt\n          lastOutcome\n          categories\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.ListCorrelationsDocument,
    "\n  query EventCounts(\n    $filter: AuditEventFilter\n    $groupBy: [AuditEventCountDimension!]\n    $interval: AuditEventCountInterval\n  ) {\n    auditEventCounts(filter: $filter, groupBy: $groupBy, interval: $interval) {\n      bucket\n      eventType\n      category\n      outcome\n      actorId\n      count\n    }\n  }\n": types.EventCountsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ClientRecordAuditEvents($events: [AuditEventInput!]!) {\n    recordAuditEvents(events: $events) {\n      recordedCount\n      duplicateCount\n    }\n  }\n"): (typeof documents)["\n  mutation ClientRecordAuditEvents($events: [AuditEventInput!]!) {\n    recordAuditEvents(events: $events) {\n      recordedCount\n      duplicateCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClientAuditLimits {\n    auditLimits {\n      maxBatchSize\n      maxBodyBytes\n      maxEventDataBytes\n      maxEventDataDepth\n      maxEventAgeSeconds\n      maxEventFutureSeconds\n    }\n  }\n"): (typeof documents)["\n  query ClientAuditLimits {\n    auditLimits {\n      maxBatchSize\n      maxBodyBytes\n      maxEventDataBytes\n      maxEventDataDepth\n      maxEventAgeSeconds\n      maxEventFutureSeconds\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RecordAuditEvents($events: [AuditEventInput!]!) {\n    recordAuditEvents(events: $events) {\n      recordedCount\n      duplicateCount\n      events {\n        eventId\n        eventTimestamp\n        correlationId\n        sequence\n        status\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RecordAuditEvents($events: [AuditEventInput!]!) {\n    recordAuditEvents(events: $events) {\n      recordedCount\n      duplicateCount\n      events {\n        eventId\n        eventTimestamp\n        correlationId\n        sequence\n        status\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GetAuditEvent($eventId: UUID!) {\n    auditEvent(eventId: $eventId) {\n      eventId\n      eventVersion\n      eventTimestamp\n      eventType\n      eventCategory\n      eventAction\n      eventOutcome\n      actor {\n        type\n        id\n        ip\n      }\n      resource {\n        type\n        id\n        name\n      }\n      correlationId\n      sequence\n      parentEventId\n      traceId\n      spanId\n      namespace\n      clusterId\n      eventData\n      eventDataDigest\n      severity\n      durationMs\n      errorCode\n      errorMessage\n      retentionDays\n      isSensitive\n      eventHash\n      previousEventHash\n      hashAlgorithm\n      recordedAt\n    }\n  }\n"): (typeof documents)["\n  query GetAuditEvent($eventId: UUID!) {\n    auditEvent(eventId: $eventId) {\n      eventId\n      eventVersion\n      eventTimestamp\n      eventType\n      eventCategory\n      eventAction\n      eventOutcome\n      actor {\n        type\n        id\n        ip\n      }\n      resource {\n        type\n        id\n        name\n      }\n      correlationId\n      sequence\n      parentEventId\n      traceId\n      spanId\n      namespace\n      clusterId\n      eventData\n      eventDataDigest\n      severity\n      durationMs\n      errorCode\n      errorMessage\n      retentionDays\n      isSensitive\n      eventHash\n      previousEventHash\n      hashAlgorithm\n      recordedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GetAuditLimits {\n    auditLimits {\n      maxBatchSize\n      maxBodyBytes\n      maxEventDataBytes\n      maxEventDataDepth\n      maxEventAgeSeconds\n      maxEventFutureSeconds\n    }\n  }\n"): (typeof documents)["\n  query GetAuditLimits {\n    auditLimits {\n      maxBatchSize\n      maxBodyBytes\n      maxEventDataBytes\n      maxEventDataDepth\n      maxEventAgeSeconds\n      maxEventFutureSeconds\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AuditEventRecorded($correlationId: String!, $afterSequence: Int) {\n    auditEventRecorded(correlationId: $correlationId, afterSequence: $afterSequence) {\n      eventId\n      correlationId\n      sequence\n      eventType\n      eventTimestamp\n      eventData\n    }\n  }\n"): (typeof documents)["\n  subscription AuditEventRecorded($correlationId: String!, $afterSequence: Int) {\n    auditEventRecorded(correlationId: $correlationId, afterSequence: $afterSequence) {\n      eventId\n      correlationId\n      sequence\n      eventType\n      eventTimestamp\n      eventData\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ListEvents(\n    $filter: AuditEventFilter\n    $orderBy: AuditEventOrder\n    $first: Int\n    $after: String\n    $last: Int\n    $before: String\n  ) {\n    auditEvents(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {\n      edges {\n        cursor\n        node {\n          id\n          eventId\n          eventTimestamp\n          correlationId\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query ListEvents(\n    $filter: AuditEventFilter\n    $orderBy: AuditEventOrder\n    $first: Int\n    $after: String\n    $last: Int\n    $before: String\n  ) {\n    auditEvents(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {\n      edges {\n        cursor\n        node {\n          id\n          eventId\n          eventTimestamp\n          correlationId\n        }\n      }\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ListEventIds($filter: AuditEventFilter, $first: Int) {\n    auditEvents(filter: $filter, first: $first) {\n      nodes {\n        eventId\n      }\n    }\n  }\n"): (typeof documents)["\n  query ListEventIds($filter: AuditEventFilter, $first: Int) {\n    auditEvents(filter: $filter, first: $first) {\n      nodes {\n        eventId\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CountEvents($filter: AuditEventFilter, $first: Int) {\n    auditEvents(filter: $filter, first: $first) {\n      totalCount\n      nodes {\n        eventId\n      }\n    }\n  }\n"): (typeof documents)["\n  query CountEvents($filter: AuditEventFilter, $first: Int) {\n    auditEvents(filter: $filter, first: $first) {\n      totalCount\n      nodes {\n        eventId\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NodeById($id: ID!) {\n    node(id: $id) {\n      id\n      ... on AuditEvent {\n        eventId\n        eventType\n      }\n    }\n  }\n"): (typeof documents)["\n  query NodeById($id: ID!) {\n    node(id: $id) {\n      id\n      ... on AuditEvent {\n        eventId\n        eventType\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EventsWithRelations($filter: AuditEventFilter, $first: Int) {\n    auditEvents(filter: $filter, first: $first) {\n      nodes {\n        eventId\n        parent {\n          eventId\n        }\n        children {\n          eventId\n        }\n        correlation {\n          correlationId\n          eventCount\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query EventsWithRelations($filter: AuditEventFilter, $first: Int) {\n    auditEvents(filter: $filter, first: $first) {\n      nodes {\n        eventId\n        parent {\n          eventId\n        }\n        children {\n          eventId\n        }\n        correlation {\n          correlationId\n          eventCount\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query GetCorrelation($id: String!, $first: Int, $after: String, $last: Int, $before: String) {\n    correlation(id: $id) {\n      correlationId\n      eventCount\n      successCount\n      failureCount\n      pendingCount\n      firstEventAt\n      lastEventAt\n      lastSequence\n      lastOutcome\n      categories\n      events(first: $first, after: $after, last: $last, before: $before) {\n        edges {\n          cursor\n          node {\n            eventId\n            sequence\n          }\n        }\n        pageInfo {\n          hasNextPage\n          hasPreviousPage\n          endCursor\n          startCursor\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query GetCorrelation($id: String!, $first: Int, $after: String, $last: Int, $before: String) {\n    correlation(id: $id) {\n      correlationId\n      eventCount\n      successCount\n      failureCount\n      pendingCount\n      firstEventAt\n      lastEventAt\n      lastSequence\n      lastOutcome\n      categories\n      events(first: $first, after: $after, last: $last, before: $before) {\n        edges {\n          cursor\n          node {\n            eventId\n            sequence\n          }\n        }\n        pageInfo {\n          hasNextPage\n          hasPreviousPage\n          endCursor\n          startCursor\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ListCorrelations($filter: CorrelationFilter, $first: Int, $after: String) {\n    correlations(filter: $filter, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          correlationId\n          eventCount\n          lastEventAt\n          lastOutcome\n          categories\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query ListCorrelations($filter: CorrelationFilter, $first: Int, $after: String) {\n    correlations(filter: $filter, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          correlationId\n          eventCount\n          lastEventAt\n          lastOutcome\n          categories\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EventCounts(\n    $filter: AuditEventFilter\n    $groupBy: [AuditEventCountDimension!]\n    $interval: AuditEventCountInterval\n  ) {\n    auditEventCounts(filter: $filter, groupBy: $groupBy, interval: $interval) {\n      bucket\n      eventType\n      category\n      outcome\n      actorId\n      count\n    }\n  }\n"): (typeof documents)["\n  query EventCounts(\n    $filter: AuditEventFilter\n    $groupBy: [AuditEventCountDimension!]\n    $interval: AuditEventCountInterval\n  ) {\n    auditEventCounts(filter: $filter, groupBy: $groupBy, interval: $interval) {\n      bucket\n      eventType\n      category\n      outcome\n      actorId\n      count\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;