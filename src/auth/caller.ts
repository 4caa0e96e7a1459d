/** The scopes a credential may carry. */
export const SCOPES = ['audit:write', 'audit:read', 'audit:admin'] as const;
export type Scope = (typeof SCOPES)[number];

export const isScope = (value: string): value is Scope => (SCOPES as readonly string[]).includes(value);

/** Who is calling, as established by the credential (or its absence in local development mode). */
export interface Caller {
  /** A service account may name the actor of its events; a person is always the actor. */
  kind: 'service' | 'user' | 'local-dev';
  /** The service account's name, or the person's subject. */
  id: string;
  scopes: ReadonlySet<Scope>;
  credential: 'api-token' | 'jwt' | 'none';
  /** Per-account override of the configured events-per-second budget. */
  rateLimit?: { eventsPerSecond: number | null; burst: number | null };
}

/** The caller of local development mode: no credential, every scope, never rate limited. */
export const LOCAL_DEV_CALLER: Caller = {
  kind: 'local-dev',
  id: 'local-dev',
  scopes: new Set(SCOPES),
  credential: 'none',
};
