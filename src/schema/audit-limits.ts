import type { AuditLimits as Limits } from '../config.js';
import { builder } from './builder.js';

export const AuditLimits = builder.objectRef<Limits>('AuditLimits').implement({
  description: 'What the gateway accepts, so clients can size their batches.',
  fields: (t) => ({
    maxBatchSize: t.exposeInt('maxBatchSize', { description: 'Events per recordAuditEvents call.' }),
    maxBodyBytes: t.exposeInt('maxBodyBytes', { description: 'HTTP request body.' }),
    maxEventDataBytes: t.exposeInt('maxEventDataBytes', { description: 'eventData, serialized as JSON.' }),
    maxEventDataDepth: t.exposeInt('maxEventDataDepth', { description: 'Nesting levels of eventData.' }),
    maxEventAgeSeconds: t.int({ resolve: (l) => Math.floor(l.maxEventAgeMs / 1000) }),
    maxEventFutureSeconds: t.int({ resolve: (l) => Math.floor(l.maxEventFutureMs / 1000) }),
  }),
});

builder.queryField('auditLimits', (t) =>
  t.field({
    type: AuditLimits,
    description: 'Needs audit:read or audit:write (writers size their batches by it).',
    skipTypeScopes: true,
    authScopes: { $any: { read: true, write: true } },
    resolve: (_root, _args, { deps }) => deps.config.limits,
  }),
);
