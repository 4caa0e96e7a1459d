/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Who caused the event. Defaults: type "service", id "<eventCategory>-service". */
export type AuditActorInput = {
  /** At most 255 characters. */
  id?: string | null | undefined;
  /** IPv4 or IPv6 address. */
  ip?: string | null | undefined;
  /** At most 50 characters. */
  type?: string | null | undefined;
};

/** One event to record. Every limit is checked before anything is written; see auditLimits for the configured ones. */
export type AuditEventInput = {
  actor?: AuditActorInput | null | undefined;
  /** At most 255 characters. */
  clusterId?: string | null | undefined;
  /** Groups one remediation; 1 to 255 characters. */
  correlationId: string;
  durationMs?: number | null | undefined;
  /** At most 50 characters. */
  errorCode?: string | null | undefined;
  errorMessage?: string | null | undefined;
  /** At most 50 characters. */
  eventAction: string;
  /** Emitting service or domain; at most 50 characters. */
  eventCategory: string;
  /** A JSON object; size and depth limited. */
  eventData: unknown;
  /** Client-chosen UUID (use UUIDv7) making retries idempotent; the gateway makes a UUIDv7 if absent. */
  eventId?: string | null | undefined;
  eventOutcome: AuditEventOutcome;
  /** RFC 3339 time it happened; stored at microsecond precision, within the accepted window. */
  eventTimestamp: string;
  /** {service}.{domain}.{action}; at most 100 characters. */
  eventType: string;
  /** At most 10 characters. Default "1.0". */
  eventVersion?: string | null | undefined;
  /** Marks personal data. Default false. */
  isSensitive?: boolean | null | undefined;
  /** At most 253 characters. */
  namespace?: string | null | undefined;
  /** UUID of a stored event, or of an earlier event in this batch. */
  parentEventId?: string | null | undefined;
  resource?: AuditResourceInput | null | undefined;
  /** 1 to 2555. Default 2555 (7 years). */
  retentionDays?: number | null | undefined;
  /** At most 20 characters. */
  severity?: string | null | undefined;
  /** At most 255 characters. */
  spanId?: string | null | undefined;
  /** At most 255 characters. */
  traceId?: string | null | undefined;
};

export type AuditEventOutcome =
  | 'FAILURE'
  | 'PENDING'
  | 'SUCCESS';

/** What the event acted on. Defaults: type = eventCategory, id = correlationId. */
export type AuditResourceInput = {
  /** At most 255 characters. */
  id?: string | null | undefined;
  /** At most 255 characters. */
  name?: string | null | undefined;
  /** At most 100 characters. */
  type?: string | null | undefined;
};

export type HashAlgorithm =
  | 'HMAC_SHA256'
  | 'SHA256';

export type RecordStatus =
  /** Already stored with the same id, timestamp and content; nothing new was written. */
  | 'DUPLICATE'
  /** Stored by this call. */
  | 'RECORDED';

export type ClientRecordAuditEventsMutationVariables = Exact<{
  events: Array<AuditEventInput> | AuditEventInput;
}>;


export type ClientRecordAuditEventsMutation = { recordAuditEvents: { recordedCount: number, duplicateCount: number } };

export type ClientAuditLimitsQueryVariables = Exact<{ [key: string]: never; }>;


export type ClientAuditLimitsQuery = { auditLimits: { maxBatchSize: number, maxBodyBytes: number, maxEventDataBytes: number, maxEventDataDepth: number, maxEventAgeSeconds: number, maxEventFutureSeconds: number } };

export type RecordAuditEventsMutationVariables = Exact<{
  events: Array<AuditEventInput> | AuditEventInput;
}>;


export type RecordAuditEventsMutation = { recordAuditEvents: { recordedCount: number, duplicateCount: number, events: Array<{ eventId: string, eventTimestamp: string, correlationId: string, sequence: number, status: RecordStatus }> } };

export type GetAuditEventQueryVariables = Exact<{
  eventId: string;
}>;


export type GetAuditEventQuery = { auditEvent: { eventId: string, eventVersion: string, eventTimestamp: string, eventType: string, eventCategory: string, eventAction: string, eventOutcome: AuditEventOutcome, correlationId: string, sequence: number, parentEventId: string | null, traceId: string | null, spanId: string | null, namespace: string | null, clusterId: string | null, eventData: Record<string, unknown>, eventDataDigest: string, severity: string | null, durationMs: number | null, errorCode: string | null, errorMessage: string | null, retentionDays: number, isSensitive: boolean, eventHash: string, previousEventHash: string | null, hashAlgorithm: HashAlgorithm, recordedAt: string, actor: { type: string, id: string, ip: string | null }, resource: { type: string, id: string, name: string | null } } | null };

export type GetAuditLimitsQueryVariables = Exact<{ [key: string]: never; }>;


export type GetAuditLimitsQuery = { auditLimits: { maxBatchSize: number, maxBodyBytes: number, maxEventDataBytes: number, maxEventDataDepth: number, maxEventAgeSeconds: number, maxEventFutureSeconds: number } };

export type AuditEventRecordedSubscriptionVariables = Exact<{
  correlationId: string;
  afterSequence?: number | null | undefined;
}>;


export type AuditEventRecordedSubscription = { auditEventRecorded: { eventId: string, correlationId: string, sequence: number, eventType: string, eventTimestamp: string, eventData: Record<string, unknown> } };


export const ClientRecordAuditEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ClientRecordAuditEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"events"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AuditEventInput"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordAuditEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"events"},"value":{"kind":"Variable","name":{"kind":"Name","value":"events"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordedCount"}},{"kind":"Field","name":{"kind":"Name","value":"duplicateCount"}}]}}]}}]} as unknown as DocumentNode<ClientRecordAuditEventsMutation, ClientRecordAuditEventsMutationVariables>;
export const ClientAuditLimitsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ClientAuditLimits"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"auditLimits"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"maxBatchSize"}},{"kind":"Field","name":{"kind":"Name","value":"maxBodyBytes"}},{"kind":"Field","name":{"kind":"Name","value":"maxEventDataBytes"}},{"kind":"Field","name":{"kind":"Name","value":"maxEventDataDepth"}},{"kind":"Field","name":{"kind":"Name","value":"maxEventAgeSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"maxEventFutureSeconds"}}]}}]}}]} as unknown as DocumentNode<ClientAuditLimitsQuery, ClientAuditLimitsQueryVariables>;
export const RecordAuditEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RecordAuditEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"events"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AuditEventInput"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordAuditEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"events"},"value":{"kind":"Variable","name":{"kind":"Name","value":"events"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordedCount"}},{"kind":"Field","name":{"kind":"Name","value":"duplicateCount"}},{"kind":"Field","name":{"kind":"Name","value":"events"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"eventTimestamp"}},{"kind":"Field","name":{"kind":"Name","value":"correlationId"}},{"kind":"Field","name":{"kind":"Name","value":"sequence"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<RecordAuditEventsMutation, RecordAuditEventsMutationVariables>;
export const GetAuditEventDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"GetAuditEvent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"eventId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UUID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"auditEvent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"eventId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"eventId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"eventVersion"}},{"kind":"Field","name":{"kind":"Name","value":"eventTimestamp"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"eventCategory"}},{"kind":"Field","name":{"kind":"Name","value":"eventAction"}},{"kind":"Field","name":{"kind":"Name","value":"eventOutcome"}},{"kind":"Field","name":{"kind":"Name","value":"actor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"ip"}}]}},{"kind":"Field","name":{"kind":"Name","value":"resource"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"correlationId"}},{"kind":"Field","name":{"kind":"Name","value":"sequence"}},{"kind":"Field","name":{"kind":"Name","value":"parentEventId"}},{"kind":"Field","name":{"kind":"Name","value":"traceId"}},{"kind":"Field","name":{"kind":"Name","value":"spanId"}},{"kind":"Field","name":{"kind":"Name","value":"namespace"}},{"kind":"Field","name":{"kind":"Name","value":"clusterId"}},{"kind":"Field","name":{"kind":"Name","value":"eventData"}},{"kind":"Field","name":{"kind":"Name","value":"eventDataDigest"}},{"kind":"Field","name":{"kind":"Name","value":"severity"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}},{"kind":"Field","name":{"kind":"Name","value":"errorCode"}},{"kind":"Field","name":{"kind":"Name","value":"errorMessage"}},{"kind":"Field","name":{"kind":"Name","value":"retentionDays"}},{"kind":"Field","name":{"kind":"Name","value":"isSensitive"}},{"kind":"Field","name":{"kind":"Name","value":"eventHash"}},{"kind":"Field","name":{"kind":"Name","value":"previousEventHash"}},{"kind":"Field","name":{"kind":"Name","value":"hashAlgorithm"}},{"kind":"Field","name":{"kind":"Name","value":"recordedAt"}}]}}]}}]} as unknown as DocumentNode<GetAuditEventQuery, GetAuditEventQueryVariables>;
export const GetAuditLimitsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"GetAuditLimits"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"auditLimits"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"maxBatchSize"}},{"kind":"Field","name":{"kind":"Name","value":"maxBodyBytes"}},{"kind":"Field","name":{"kind":"Name","value":"maxEventDataBytes"}},{"kind":"Field","name":{"kind":"Name","value":"maxEventDataDepth"}},{"kind":"Field","name":{"kind":"Name","value":"maxEventAgeSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"maxEventFutureSeconds"}}]}}]}}]} as unknown as DocumentNode<GetAuditLimitsQuery, GetAuditLimitsQueryVariables>;
export const AuditEventRecordedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"AuditEventRecorded"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"correlationId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"afterSequence"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"auditEventRecorded"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"correlationId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"correlationId"}}},{"kind":"Argument","name":{"kind":"Name","value":"afterSequence"},"value":{"kind":"Variable","name":{"kind":"Name","value":"afterSequence"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"correlationId"}},{"kind":"Field","name":{"kind":"Name","value":"sequence"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"eventTimestamp"}},{"kind":"Field","name":{"kind":"Name","value":"eventData"}}]}}]}}]} as unknown as DocumentNode<AuditEventRecordedSubscription, AuditEventRecordedSubscriptionVariables>;