import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { issueToken } from '../../src/auth/api-tokens.js';
import type { Scope } from '../../src/auth/caller.js';
import type { TestApp } from './test-app.js';

export const ISSUER = 'https://idp.test';
export const AUDIENCE = 'audit-gateway';

export interface JwtKit {
  /** Env overrides that turn enforced auth on with this kit's public key. */
  env: Record<string, string>;
  sign(claims: Record<string, unknown>, options?: { expiresIn?: string | number; audience?: string }): Promise<string>;
}

export async function jwtKit(): Promise<JwtKit> {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const pem = await exportSPKI(publicKey);
  return {
    env: {
      AUTH_MODE: 'enforced',
      AUTH_TOKEN_CACHE_TTL: '0s',
      JWT_PUBLIC_KEY: pem,
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
    },
    sign(claims, { expiresIn = '5m', audience = AUDIENCE } = {}) {
      const jwt = new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256' })
        .setIssuer(ISSUER)
        .setAudience(audience)
        .setIssuedAt(Math.floor(Date.now() / 1000) - 600);
      return jwt.setExpirationTime(expiresIn).sign(privateKey);
    },
  };
}

export const bearer = (credential: string) => ({ authorization: `Bearer ${credential}` });

/** Issues an API token straight into the app's database, as the CLI would. */
export async function token(
  t: TestApp,
  serviceAccount: string,
  scopes: Scope[],
  extra: { expiresAt?: string; eventsPerSecond?: number; burst?: number } = {},
): Promise<string> {
  return (await issueToken(t.app.deps.db.orm, { serviceAccount, scopes, ...extra })).token;
}
