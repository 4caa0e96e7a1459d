import { graphql } from '../../generated/graphql/index.js';

export const ClientRecordAuditEvents = graphql(`
  mutation ClientRecordAuditEvents($events: [AuditEventInput!]!) {
    recordAuditEvents(events: $events) {
      recordedCount
      duplicateCount
    }
  }
`);

export const ClientAuditLimits = graphql(`
  query ClientAuditLimits {
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
