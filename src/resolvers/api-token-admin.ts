import { GraphQLError } from 'graphql';
import { issueToken, listTokens, revokeTokens, type TokenRecord } from '../auth/api-tokens.js';
import type { Caller, Scope } from '../auth/caller.js';
import type { AppDeps } from '../context.js';
import { codedError, ErrorCode } from '../errors.js';
import { fromPgTimestamp } from '../events/timestamp.js';
import { recordEvents } from './record-events.js';

/** A token as the API shows it: the stored record with its timestamps in canonical ISO form. */
export type ApiTokenView = TokenRecord;

const view = (t: TokenRecord): ApiTokenView => ({
  ...t,
  createdAt: fromPgTimestamp(t.createdAt),
  expiresAt: t.expiresAt && fromPgTimestamp(t.expiresAt),
  revokedAt: t.revokedAt && fromPgTimestamp(t.revokedAt),
});

export interface IssueInput {
  serviceAccount: string;
  scopes: Scope[];
  expiresInSeconds?: number | null;
  eventsPerSecond?: number | null;
  burst?: number | null;
}

/** Token management is itself audited: each change is recorded before the answer is sent. */
async function auditChange(deps: AppDeps, caller: Caller, action: 'issued' | 'revoked', data: Record<string, unknown>) {
  await recordEvents(deps.ingest, [
    {
      eventTimestamp: new Date().toISOString(),
      eventType: `auditgateway.token.${action}`,
      eventCategory: 'security',
      eventAction: action,
      eventOutcome: 'success',
      actor: { type: caller.kind === 'user' ? 'user' : 'service', id: caller.id },
      resource: { type: 'api_token', id: String(data.tokenId ?? data.serviceAccount) },
      correlationId: `api-tokens:${String(data.serviceAccount ?? data.tokenId)}`.slice(0, 255),
      eventData: data,
    },
  ]);
}

export async function listApiTokens(deps: AppDeps): Promise<ApiTokenView[]> {
  return (await listTokens(deps.db.orm)).map(view);
}

export async function issueApiToken(
  deps: AppDeps,
  caller: Caller,
  input: IssueInput,
): Promise<{ token: string; apiToken: ApiTokenView }> {
  const account = input.serviceAccount.trim();
  const problems: string[] = [];
  if (account.length === 0 || [...account].length > 255) problems.push('serviceAccount must be 1 to 255 characters');
  if (input.scopes.length === 0) problems.push('scopes must name at least one scope');
  for (const [name, value] of Object.entries({
    expiresInSeconds: input.expiresInSeconds,
    eventsPerSecond: input.eventsPerSecond,
    burst: input.burst,
  })) {
    if (value !== null && value !== undefined && value <= 0) problems.push(`${name} must be positive`);
  }
  if (problems.length > 0) throw codedError(ErrorCode.BadUserInput, problems.join('; '), { problems });
  const expiresAt = input.expiresInSeconds ? new Date(Date.now() + input.expiresInSeconds * 1000).toISOString() : null;
  const issued = await issueToken(deps.db.orm, {
    serviceAccount: account,
    scopes: input.scopes,
    expiresAt,
    eventsPerSecond: input.eventsPerSecond ?? null,
    burst: input.burst ?? null,
  });
  await auditChange(deps, caller, 'issued', {
    tokenId: issued.id,
    serviceAccount: account,
    scopes: input.scopes,
    expiresAt,
  });
  const record = (await listTokens(deps.db.orm)).find((t) => t.id === issued.id);
  if (!record) throw new GraphQLError('the issued token could not be read back');
  return { token: issued.token, apiToken: view(record) };
}

export async function revokeApiToken(deps: AppDeps, caller: Caller, id: string): Promise<number> {
  const count = await revokeTokens(deps.db.orm, { id });
  if (count === 0) throw codedError(ErrorCode.NotFound, 'no live token has this id', { id });
  deps.auth.forgetCached();
  await auditChange(deps, caller, 'revoked', { tokenId: id });
  return count;
}
