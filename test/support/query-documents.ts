import { graphql } from '../../generated/graphql/index.js';

export const ListEvents = graphql(`
  query ListEvents(
    $filter: AuditEventFilter
    $orderBy: AuditEventOrder
    $first: Int
    $after: String
    $last: Int
    $before: String
  ) {
    auditEvents(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
      edges {
        cursor
        node {
          id
          eventId
          eventTimestamp
          correlationId
        }
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
    }
  }
`);

export const ListEventIds = graphql(`
  query ListEventIds($filter: AuditEventFilter, $first: Int) {
    auditEvents(filter: $filter, first: $first) {
      nodes {
        eventId
      }
    }
  }
`);

export const CountEvents = graphql(`
  query CountEvents($filter: AuditEventFilter, $first: Int) {
    auditEvents(filter: $filter, first: $first) {
      totalCount
      nodes {
        eventId
      }
    }
  }
`);

export const NodeById = graphql(`
  query NodeById($id: ID!) {
    node(id: $id) {
      id
      ... on AuditEvent {
        eventId
        eventType
      }
    }
  }
`);

export const EventsWithRelations = graphql(`
  query EventsWithRelations($filter: AuditEventFilter, $first: Int) {
    auditEvents(filter: $filter, first: $first) {
      nodes {
        eventId
        parent {
          eventId
        }
        children {
          eventId
        }
        correlation {
          correlationId
          eventCount
        }
      }
    }
  }
`);

export const GetCorrelation = graphql(`
  query GetCorrelation($id: String!, $first: Int, $after: String, $last: Int, $before: String) {
    correlation(id: $id) {
      correlationId
      eventCount
      successCount
      failureCount
      pendingCount
      firstEventAt
      lastEventAt
      lastSequence
      lastOutcome
      categories
      events(first: $first, after: $after, last: $last, before: $before) {
        edges {
          cursor
          node {
            eventId
            sequence
          }
        }
        pageInfo {
          hasNextPage
          hasPreviousPage
          endCursor
          startCursor
        }
      }
    }
  }
`);

export const ListCorrelations = graphql(`
  query ListCorrelations($filter: CorrelationFilter, $first: Int, $after: String) {
    correlations(filter: $filter, first: $first, after: $after) {
      edges {
        cursor
        node {
          correlationId
          eventCount
          lastEventAt
          lastOutcome
          categories
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const EventCounts = graphql(`
  query EventCounts(
    $filter: AuditEventFilter
    $groupBy: [AuditEventCountDimension!]
    $interval: AuditEventCountInterval
  ) {
    auditEventCounts(filter: $filter, groupBy: $groupBy, interval: $interval) {
      bucket
      eventType
      category
      outcome
      actorId
      count
    }
  }
`);
