import {
  createRemoteJWKSet,
  importSPKI,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
  decodeProtectedHeader,
} from 'jose';
import type { JwtConfig } from '../config.js';
import { type Caller, isScope, type Scope } from './caller.js';

/** Why a JWT was refused; becomes the UNAUTHENTICATED error's `reason`. */
export class JwtRejected extends Error {}

export type JwtVerifier = (token: string) => Promise<Caller>;

const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/**
 * Verifies JWTs against a JWKS URL (keys fetched and cached by jose) or one PEM public key, with
 * the configured issuer and audience, and maps claims to a caller.
 */
export function createJwtVerifier(config: JwtConfig): JwtVerifier {
  let key: JWTVerifyGetKey;
  if (config.jwksUrl) {
    key = createRemoteJWKSet(new URL(config.jwksUrl));
  } else {
    const pem = (config.publicKey ?? '').replace(/\\n/g, '\n');
    const imported = new Map<string, Promise<CryptoKey>>();
    key = (header) => {
      const alg = header.alg ?? '';
      let found = imported.get(alg);
      if (!found) {
        found = importSPKI(pem, alg);
        imported.set(alg, found);
      }
      return found;
    };
  }
  return async (token) => {
    try {
      decodeProtectedHeader(token);
    } catch {
      throw new JwtRejected('malformed token');
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key, {
        issuer: config.issuer,
        audience: config.audience,
        algorithms: ASYMMETRIC,
      }));
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ERR_JWT_EXPIRED') throw new JwtRejected('token expired');
      if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
        throw new JwtRejected(`token claim "${(error as { claim?: string }).claim ?? '?'}" is not accepted`);
      }
      throw new JwtRejected('token signature or format is not valid');
    }
    return callerFromClaims(payload, config);
  };
}

function callerFromClaims(payload: JWTPayload, config: JwtConfig): Caller {
  const subject = payload[config.subjectClaim];
  if (typeof subject !== 'string' || subject.length === 0 || subject.length > 255) {
    throw new JwtRejected(`token has no usable "${config.subjectClaim}" claim`);
  }
  const raw = payload[config.scopesClaim];
  const listed = typeof raw === 'string' ? raw.split(/\s+/) : Array.isArray(raw) ? raw.map(String) : [];
  const scopes = new Set<Scope>(listed.filter(isScope));
  return {
    kind: payload[config.serviceClaim] === config.serviceValue ? 'service' : 'user',
    id: subject,
    scopes,
    credential: 'jwt',
  };
}
