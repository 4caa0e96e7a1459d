import type { AuthConfig } from '../config.js';
import type { Orm } from '../db/client.js';
import { codedError, ErrorCode } from '../errors.js';
import { fromPgTimestamp } from '../events/timestamp.js';
import { findLiveToken, TOKEN_PATTERN } from './api-tokens.js';
import { type Caller, isScope, LOCAL_DEV_CALLER, type Scope } from './caller.js';
import { createJwtVerifier, JwtRejected, type JwtVerifier } from './jwt.js';

const unauthenticated = (reason: string) =>
  codedError(ErrorCode.Unauthenticated, `authentication failed: ${reason}`, {
    reason,
    http: { status: 401, headers: { 'www-authenticate': 'Bearer realm="audit-gateway"' } },
  });

/**
 * Turns an `Authorization` header into a caller: an API token (`agw_…`) looked up by its hash, or
 * a JWT. Without a header, local development mode answers the local caller and enforced mode
 * refuses. A header that is present is always verified, in either mode.
 */
export class Authenticator {
  private readonly jwt: JwtVerifier | undefined;
  private readonly cache = new Map<string, { caller: Caller; until: number }>();

  constructor(
    private readonly config: AuthConfig,
    private readonly orm: Orm,
  ) {
    this.jwt = config.jwt && createJwtVerifier(config.jwt);
  }

  get enforced(): boolean {
    return this.config.mode === 'enforced';
  }

  get jwtConfigured(): boolean {
    return this.jwt !== undefined;
  }

  /** Drops cached tokens, so a revocation made here takes effect at once (other replicas: within the TTL). */
  forgetCached(): void {
    this.cache.clear();
  }

  /** Throws UNAUTHENTICATED for a missing (when enforced), malformed, unknown, revoked or expired credential. */
  async authenticate(authorization: string | null | undefined): Promise<Caller> {
    if (authorization === null || authorization === undefined || authorization === '') {
      if (this.enforced) throw unauthenticated('a bearer credential is required');
      return LOCAL_DEV_CALLER;
    }
    const match = /^Bearer +(\S+) *$/i.exec(authorization);
    if (!match?.[1]) throw unauthenticated('the Authorization header must be "Bearer <credential>"');
    const credential = match[1];
    if (credential.startsWith('agw_')) return this.fromApiToken(credential);
    if (!this.jwt) throw unauthenticated('unknown credential');
    try {
      return await this.jwt(credential);
    } catch (error) {
      if (error instanceof JwtRejected) throw unauthenticated(error.message);
      throw error;
    }
  }

  private async fromApiToken(token: string): Promise<Caller> {
    if (!TOKEN_PATTERN.test(token)) throw unauthenticated('malformed API token');
    const now = Date.now();
    const cached = this.cache.get(token);
    if (cached && cached.until > now) return cached.caller;
    const record = await findLiveToken(this.orm, token);
    if (!record) {
      this.cache.delete(token);
      throw unauthenticated('unknown, revoked or expired API token');
    }
    const caller: Caller = {
      kind: 'service',
      id: record.serviceAccount,
      scopes: new Set<Scope>(record.scopes.filter(isScope)),
      credential: 'api-token',
      rateLimit: { eventsPerSecond: record.eventsPerSecond, burst: record.burst },
    };
    if (this.config.tokenCacheTtlMs > 0) {
      let until = now + this.config.tokenCacheTtlMs;
      if (record.expiresAt) until = Math.min(until, Date.parse(fromPgTimestamp(record.expiresAt)));
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(token, { caller, until });
    }
    return caller;
  }
}
