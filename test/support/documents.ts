import { graphql } from '../../generated/graphql/index.js';

export const RecordAuditEvents = graphql(`
  mutation RecordAuditEvents($events: [AuditEventInput!]!) {
    recordAuditEvents(events: $events) {
      recordedCount
      duplicateCount
      events {
        eventId
        eventTimestamp
        correlationId
        sequence
        status
      }
    }
  }
`);

export const GetAuditEvent = graphql(`
  query GetAuditEvent($eventId: UUID!) {
    auditEvent(eventId: $eventId) {
      eventId
      eventVersion
      eventTimestamp
      eventType
      eventCategory
      eventAction
      eventOutcome
      actor {
        type
        id
        ip
      }
      resource {
        type
        id
        name
      }
      correlationId
      sequence
      parentEventId
      traceId
      spanId
      namespace
      clusterId
      eventData
      eventDataDigest
      severity
      durationMs
      errorCode
      errorMessage
      retentionDays
      isSensitive
      eventHash
      previousEventHash
      hashAlgorithm
      recordedAt
    }
  }
`);

export const GetAuditLimits = graphql(`
  query GetAuditLimits {
    auditLimits {
      maxBatchSize
      maxBodyBytes
      maxEventDataBytes
      maxEventDataDepth
      maxEventAgeSeconds
      maxEventFutureSeconds
    }
  }
`);
