/*
 * The client library's entry point (`audit-gateway/client`): a buffered recorder, pluggable
 * storage backends, a dead-letter store, typed event definitions and prom-client metrics.
 */
export { FanOutBackend } from './backends/fan-out.js';
export { FileBackend, type FileBackendOptions } from './backends/file.js';
export { GatewayBackend, type GatewayBackendOptions } from './backends/gateway.js';
export { type DeadLetterLine, FileDeadLetterStore, type FileDeadLetterOptions } from './dead-letter.js';
export { BatchTooLargeError, DeliveryError, RejectedEventsError } from './errors.js';
export {
  AIAnalysisCompleted,
  GatewaySignalReceived,
  NotificationMessageFailed,
  NotificationMessageSent,
  OrchestratorLifecycleCompleted,
  WorkflowExecutionStarted,
} from './events.js';
export { registerRecorderMetrics } from './metrics.js';
export type { CloseReport, FlushReport, RecordReceipt, RecorderOptions, RecordStatus } from './recorder-options.js';
export { AuditRecorder } from './recorder.js';
export { type ReplayFileReport, type ReplayOptions, type ReplayReport, replayDirectory } from './replay.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
export type { RecorderStats } from './stats.js';
export {
  type AuditEventContext,
  type AuditEventDefinition,
  defineAuditEvent,
  type EnvelopeInput,
  envelope,
} from './typed-events.js';
export type {
  AuditEvent,
  AuditEventOutcome,
  BackendLimits,
  ClientLogger,
  DeadLetter,
  DeadLetterReason,
  DeadLetterStore,
  EventRejection,
  StorageBackend,
  WireEvent,
  WriteResult,
} from './types.js';
export { DEFAULT_EVENT_LIMITS } from './validation.js';
