import type { Scope } from '../auth/caller.js';
import { type ApiTokenView, issueApiToken, listApiTokens, revokeApiToken } from '../resolvers/api-token-admin.js';
import { builder } from './builder.js';

export const ApiScope = builder.enumType('ApiScope', {
  values: {
    AUDIT_WRITE: { value: 'audit:write', description: 'Record events.' },
    AUDIT_READ: { value: 'audit:read', description: 'Query events and follow timelines.' },
    AUDIT_ADMIN: { value: 'audit:admin', description: 'Manage API tokens and compliance operations.' },
  } as const,
});

export const ApiToken = builder.objectRef<ApiTokenView>('ApiToken').implement({
  description: 'An API token of a service account. The secret is shown only when it is issued.',
  fields: (t) => ({
    id: t.exposeID('id'),
    serviceAccount: t.exposeString('serviceAccount'),
    prefix: t.exposeString('prefix', { description: 'The first characters of the token, to recognise it.' }),
    scopes: t.exposeStringList('scopes'),
    eventsPerSecond: t.exposeInt('eventsPerSecond', { nullable: true, description: 'Null: the default.' }),
    burst: t.exposeInt('burst', { nullable: true, description: 'Null: the default.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
  }),
});

export const IssuedApiToken = builder.objectRef<{ token: string; apiToken: ApiTokenView }>('IssuedApiToken').implement({
  fields: (t) => ({
    token: t.exposeString('token', { description: 'The bearer secret: shown once, stored only as a hash.' }),
    apiToken: t.field({ type: ApiToken, resolve: (r) => r.apiToken }),
  }),
});

export const IssueApiTokenInput = builder.inputType('IssueApiTokenInput', {
  fields: (t) => ({
    serviceAccount: t.string({ required: true, description: '1 to 255 characters.' }),
    scopes: t.field({ type: [ApiScope], required: true }),
    expiresInSeconds: t.int({ description: 'Never expires when absent.' }),
    eventsPerSecond: t.int({ description: 'Overrides RATE_LIMIT_EVENTS_PER_SECOND for this token.' }),
    burst: t.int({ description: 'Overrides RATE_LIMIT_BURST for this token.' }),
  }),
});

const ADMIN = { skipTypeScopes: true, authScopes: { admin: true } } as const;

builder.queryField('apiTokens', (t) =>
  t.field({
    ...ADMIN,
    type: [ApiToken],
    description: 'Every API token, live or not. Needs audit:admin.',
    resolve: (_root, _args, { deps }) => listApiTokens(deps),
  }),
);

builder.mutationField('issueApiToken', (t) =>
  t.field({
    ...ADMIN,
    type: IssuedApiToken,
    description: 'Issues a token (recorded as an auditgateway.token.issued event). Needs audit:admin.',
    args: { input: t.arg({ type: IssueApiTokenInput, required: true }) },
    resolve: (_root, { input }, { deps, caller }) =>
      issueApiToken(deps, caller, { ...input, scopes: input.scopes as Scope[] }),
  }),
);

builder.mutationField('revokeApiToken', (t) =>
  t.field({
    ...ADMIN,
    type: 'Int',
    description: 'Revokes a live token (recorded as an auditgateway.token.revoked event). Needs audit:admin.',
    args: { id: t.arg({ type: 'UUID', required: true }) },
    resolve: (_root, { id }, { deps, caller }) => revokeApiToken(deps, caller, id),
  }),
);
