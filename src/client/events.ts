import { z } from 'zod';
import { defineAuditEvent } from './typed-events.js';

/*
 * Typed definitions of a few event types of the reference taxonomy, as examples and for direct use.
 * Payload fields keep the reference's snake_case JSON names.
 */

export const GatewaySignalReceived = defineAuditEvent(
  'gateway.signal.received',
  z.object({
    signal_fingerprint: z.string().min(1),
    alert_name: z.string().min(1),
    namespace: z.string().optional(),
    is_duplicate: z.boolean().default(false),
    action: z.enum(['created_crd', 'deduplicated', 'storm_aggregated']).optional(),
    crd_name: z.string().optional(),
  }),
);

export const AIAnalysisCompleted = defineAuditEvent(
  'aianalysis.analysis.completed',
  z.object({
    analysis_name: z.string().min(1),
    root_cause: z.string(),
    confidence: z.number().min(0).max(1),
    recommended_workflow: z.string().optional(),
    llm_tokens_used: z.number().int().nonnegative().optional(),
  }),
  { category: 'analysis' },
);

export const WorkflowExecutionStarted = defineAuditEvent(
  'workflowexecution.workflow.started',
  z.object({
    workflow_id: z.string().min(1),
    workflow_version: z.string().optional(),
    target_resource: z.string(),
    parameters: z.record(z.string(), z.string()).default({}),
  }),
);

export const NotificationMessageSent = defineAuditEvent(
  'notification.message.sent',
  z.object({
    notification_id: z.string().min(1),
    channel: z.enum(['slack', 'email', 'pagerduty', 'teams', 'console']),
    message_type: z.string(),
    recipient_count: z.number().int().nonnegative(),
  }),
);

export const NotificationMessageFailed = defineAuditEvent(
  'notification.message.failed',
  z.object({
    notification_id: z.string().min(1),
    channel: z.enum(['slack', 'email', 'pagerduty', 'teams', 'console']),
    error: z.string(),
    retry_count: z.number().int().nonnegative(),
  }),
);

export const OrchestratorLifecycleCompleted = defineAuditEvent(
  'orchestrator.lifecycle.completed',
  z.object({
    remediation_request: z.string().min(1),
    phase: z.enum(['Completed', 'Failed', 'TimedOut', 'Skipped']),
    duration_seconds: z.number().nonnegative(),
  }),
  { category: 'orchestration' },
);
