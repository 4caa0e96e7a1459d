import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, or, sql, gt } from 'drizzle-orm';
import { uuidv7 } from '../events/stamp.js';
import type { Orm } from '../db/client.js';
import { apiTokens } from '../db/tables.js';
import type { Scope } from './caller.js';

const TOKEN_PREFIX = 'agw_';
/** `agw_` and 43 base64url characters (256 random bits). */
export const TOKEN_PATTERN = /^agw_[A-Za-z0-9_-]{43}$/;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface IssueTokenInput {
  serviceAccount: string;
  scopes: Scope[];
  expiresAt?: string | null;
  eventsPerSecond?: number | null;
  burst?: number | null;
}

export interface IssuedToken {
  id: string;
  /** The secret: shown once, never stored. */
  token: string;
  prefix: string;
}

export interface TokenRecord {
  id: string;
  serviceAccount: string;
  prefix: string;
  scopes: string[];
  eventsPerSecond: number | null;
  burst: number | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

const recordColumns = {
  id: apiTokens.id,
  serviceAccount: apiTokens.serviceAccount,
  prefix: apiTokens.prefix,
  scopes: apiTokens.scopes,
  eventsPerSecond: apiTokens.eventsPerSecond,
  burst: apiTokens.burst,
  createdAt: apiTokens.createdAt,
  expiresAt: apiTokens.expiresAt,
  revokedAt: apiTokens.revokedAt,
};

export async function issueToken(orm: Orm, input: IssueTokenInput): Promise<IssuedToken> {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const id = uuidv7(Date.now());
  const prefix = token.slice(0, 12);
  await orm.insert(apiTokens).values({
    id,
    serviceAccount: input.serviceAccount,
    tokenHash: hashToken(token),
    prefix,
    scopes: [...new Set(input.scopes)],
    expiresAt: input.expiresAt ?? null,
    eventsPerSecond: input.eventsPerSecond ?? null,
    burst: input.burst ?? null,
  });
  return { id, token, prefix };
}

/** Revokes one token by id, or every live token of a service account; returns how many. */
export async function revokeTokens(orm: Orm, target: { id: string } | { serviceAccount: string }): Promise<number> {
  const which = 'id' in target ? eq(apiTokens.id, target.id) : eq(apiTokens.serviceAccount, target.serviceAccount);
  const revoked = await orm
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(which, isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return revoked.length;
}

export function listTokens(orm: Orm): Promise<TokenRecord[]> {
  return orm.select(recordColumns).from(apiTokens).orderBy(apiTokens.serviceAccount, desc(apiTokens.createdAt));
}

/** The live (unrevoked, unexpired) token with this secret, or null. */
export async function findLiveToken(orm: Orm, token: string): Promise<TokenRecord | null> {
  const [found] = await orm
    .select(recordColumns)
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.tokenHash, hashToken(token)),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, sql`now()`)),
      ),
    )
    .limit(1);
  return found ?? null;
}

export async function countLiveTokens(orm: Orm): Promise<number> {
  const [row] = await orm
    .select({ n: sql<number>`count(*)::int` })
    .from(apiTokens)
    .where(and(isNull(apiTokens.revokedAt), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, sql`now()`))));
  return Number(row?.n ?? 0);
}
