import type { Caller } from './caller.js';

export interface ReadView {
  caller: Caller;
  operationType: 'query' | 'subscription';
  operationName: string | null;
  /** Root fields read, with the arguments (filters) they were given. */
  fields: Array<{ name: string; arguments: Record<string, unknown> }>;
}

/** One field's arguments, as JSON text, recorded up to this size. */
const MAX_ARGUMENTS_BYTES = 16_384;
/** Operation names are recorded up to this length (GraphQL names are ASCII). */
const MAX_OPERATION_NAME = 1_000;

/**
 * A view as an event that always passes validation, however large the operation: an oversized
 * operation name or argument list would otherwise have its whole batch, other callers' views
 * included, refused.
 */
export function viewEvent(
  { caller, operationType, operationName, fields }: ReadView,
  argumentsBudget: number,
): Record<string, unknown> {
  // Arguments as JSON text: a filter nested deeper than eventData allows must still be recorded.
  let budget = argumentsBudget;
  const filters = fields.map((f) => {
    const json = JSON.stringify(f.arguments);
    // Its size inside the payload, quotes and escapes included.
    const bytes = Buffer.byteLength(JSON.stringify(json));
    const kept = bytes <= MAX_ARGUMENTS_BYTES && bytes <= budget;
    if (kept) budget -= bytes;
    return { name: f.name, arguments: kept ? json : '[too large to record]' };
  });
  const name =
    operationName && operationName.length > MAX_OPERATION_NAME
      ? `${operationName.slice(0, MAX_OPERATION_NAME)}… (${operationName.length} characters)`
      : operationName;
  const actorType = caller.kind === 'user' ? 'user' : 'service';
  return {
    eventTimestamp: new Date().toISOString(),
    eventType: 'audit.log.viewed',
    eventCategory: 'security',
    eventAction: 'viewed',
    eventOutcome: 'success',
    actor: { type: actorType, id: caller.id },
    resource: {
      type: 'audit_log',
      id:
        fields
          .map((f) => f.name)
          .join(',')
          .slice(0, 255) || 'audit_log',
    },
    correlationId: `audit-log-views:${actorType}:${caller.id}`.slice(0, 255),
    eventData: { operationType, operationName: name, fields: filters, credential: caller.credential },
  };
}
