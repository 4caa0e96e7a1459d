import { z } from 'zod';
import { parseDuration } from './duration.js';

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const ms = parseDuration(value);
      if (ms === null || ms <= 0) {
        ctx.addIssue({
          code: 'custom',
          message: `expected a positive duration such as 30m, 24h or 7d, got "${value}"`,
        });
        return z.NEVER;
      }
      return ms;
    });

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /** Real PostgreSQL when set; embedded PGlite otherwise. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /** Folder that persists the embedded database; `memory://` keeps it in memory. */
  PGLITE_DATA_DIR: z.string().min(1).default('./data/pglite'),
  DATABASE_POOL_SIZE: positiveInt(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** HMAC key for the hash chain; plain SHA-256 when absent. */
  AUDIT_HASH_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  MAX_BATCH_SIZE: positiveInt(1000),
  MAX_BODY_BYTES: positiveInt(16 * 1024 * 1024),
  MAX_EVENT_DATA_BYTES: positiveInt(256 * 1024),
  MAX_EVENT_DATA_DEPTH: positiveInt(10),
  MAX_EVENT_AGE: duration('30d'),
  MAX_EVENT_FUTURE: duration('60m'),
  PARTITION_MONTHS_AHEAD: z.coerce.number().int().min(1).max(24).default(3),
  PARTITION_CHECK_INTERVAL: duration('1h'),
  /** How often the payload index's pending lists of just-written partitions are merged, off the write path. */
  GIN_CLEAN_INTERVAL_MS: positiveInt(250),
  /** Statement timeout of every read query; a query past it gets QUERY_TIMEOUT. */
  QUERY_TIMEOUT: duration('10s'),
  /**
   * Statement timeout inside a batch's write transaction. Longer than reads': an insert that merges
   * the payload index's pending entries can take seconds, and cancelling it wastes the batch.
   */
  WRITE_TIMEOUT: duration('60s'),
  /** Deepest selection set and highest estimated cost (graphql-armor) an operation may have. */
  QUERY_MAX_DEPTH: positiveInt(12),
  QUERY_MAX_COST: positiveInt(250_000),
  /** Aliases per operation (alias amplification). */
  QUERY_MAX_ALIASES: positiveInt(50),
  /** Tokens per document: refused before parsing completes. */
  QUERY_MAX_TOKENS: positiveInt(50_000),
  /** `local-dev`: no credential needed, 127.0.0.1 only. Default: `local-dev`, `enforced` in production. */
  AUTH_MODE: z.enum(['local-dev', 'enforced']).optional(),
  /** How long a verified API token stays cached; revocation takes effect within this time. `0s` disables. */
  AUTH_TOKEN_CACHE_TTL: z
    .string()
    .default('10s')
    .transform((value, ctx) => {
      const ms = value.trim() === '0' || value.trim() === '0s' ? 0 : parseDuration(value);
      if (ms === null) {
        ctx.addIssue({ code: 'custom', message: `expected a duration such as 0s, 10s or 1m, got "${value}"` });
        return z.NEVER;
      }
      return ms;
    }),
  JWT_JWKS_URL: z.url().optional(),
  /** PEM (SPKI) public key, as an alternative to JWT_JWKS_URL. */
  JWT_PUBLIC_KEY: z.string().min(1).optional(),
  JWT_ISSUER: z.string().min(1).optional(),
  JWT_AUDIENCE: z.string().min(1).optional(),
  JWT_SUBJECT_CLAIM: z.string().min(1).default('sub'),
  /** Space-separated string or array of scopes. */
  JWT_SCOPES_CLAIM: z.string().min(1).default('scope'),
  /** A JWT whose claim JWT_SERVICE_CLAIM equals JWT_SERVICE_VALUE is a service account; any other is a person. */
  JWT_SERVICE_CLAIM: z.string().min(1).default('principal_type'),
  JWT_SERVICE_VALUE: z.string().min(1).default('service'),
  RATE_LIMIT_EVENTS_PER_SECOND: positiveInt(500),
  RATE_LIMIT_BURST: positiveInt(1000),
  /** Comma-separated origins allowed by CORS; none when empty. */
  CORS_ORIGINS: z.string().default(''),
  GRAPHIQL: z.stringbool().optional(),
  INTROSPECTION: z.stringbool().optional(),
  /** Prometheus metrics; `false` observes nothing for them and `/metrics` answers 404. */
  METRICS: z.stringbool().default(true),
  /** Longest a graceful shutdown waits for in-flight requests before closing connections. */
  SHUTDOWN_TIMEOUT: duration('25s'),
});

export type Env = z.input<typeof EnvSchema>;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  database: { kind: 'postgres'; url: string; poolSize: number } | { kind: 'pglite'; dataDir: string };
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  hashKey: string | undefined;
  limits: AuditLimits;
  partitions: { monthsAhead: number; checkIntervalMs: number; ginCleanIntervalMs: number };
  query: QueryLimits;
  auth: AuthConfig;
  rateLimit: { eventsPerSecond: number; burst: number };
  http: { corsOrigins: string[]; graphiql: boolean; introspection: boolean; shutdownTimeoutMs: number };
  /** Prometheus metrics on (served at `/metrics`) or off. */
  metrics: boolean;
}

export interface AuthConfig {
  /** `local-dev` accepts requests without a credential (127.0.0.1 only); `enforced` requires one. */
  mode: 'local-dev' | 'enforced';
  tokenCacheTtlMs: number;
  jwt: JwtConfig | undefined;
}

export interface JwtConfig {
  jwksUrl: string | undefined;
  publicKey: string | undefined;
  issuer: string | undefined;
  audience: string | undefined;
  subjectClaim: string;
  scopesClaim: string;
  serviceClaim: string;
  serviceValue: string;
}

export interface QueryLimits {
  timeoutMs: number;
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  maxTokens: number;
  /** Field suggestions ("did you mean…") are hidden when introspection is off. */
  blockFieldSuggestions: boolean;
}

export interface AuditLimits {
  maxBatchSize: number;
  maxBodyBytes: number;
  maxEventDataBytes: number;
  maxEventDataDepth: number;
  maxEventAgeMs: number;
  maxEventFutureMs: number;
  /** Statement timeout of the write transaction. */
  writeTimeoutMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; reports every bad variable at once. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // `NAME=` (empty) means unset, as shells and .env files usually intend.
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = EnvSchema.safeParse(given);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const authMode = e.AUTH_MODE ?? (production ? 'enforced' : 'local-dev');
  const problems: string[] = [];
  if (authMode === 'local-dev' && production) {
    problems.push('AUTH_MODE: local-dev is refused when NODE_ENV=production; configure credentials instead');
  }
  if (authMode === 'local-dev' && !LOOPBACK.has(e.HOST)) {
    problems.push(`HOST: local-dev mode (no credentials) only binds to 127.0.0.1, got "${e.HOST}"`);
  }
  if (e.JWT_JWKS_URL && e.JWT_PUBLIC_KEY) problems.push('JWT_PUBLIC_KEY: set either JWT_JWKS_URL or JWT_PUBLIC_KEY');
  if (problems.length > 0) throw new ConfigError(problems);
  const jwtKey = e.JWT_JWKS_URL ?? e.JWT_PUBLIC_KEY;
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
      : { kind: 'pglite', dataDir: e.PGLITE_DATA_DIR },
    logLevel: e.LOG_LEVEL,
    hashKey: e.AUDIT_HASH_KEY,
    limits: {
      maxBatchSize: e.MAX_BATCH_SIZE,
      maxBodyBytes: e.MAX_BODY_BYTES,
      maxEventDataBytes: e.MAX_EVENT_DATA_BYTES,
      maxEventDataDepth: e.MAX_EVENT_DATA_DEPTH,
      maxEventAgeMs: e.MAX_EVENT_AGE,
      maxEventFutureMs: e.MAX_EVENT_FUTURE,
      writeTimeoutMs: e.WRITE_TIMEOUT,
    },
    partitions: {
      monthsAhead: e.PARTITION_MONTHS_AHEAD,
      checkIntervalMs: e.PARTITION_CHECK_INTERVAL,
      ginCleanIntervalMs: e.GIN_CLEAN_INTERVAL_MS,
    },
    query: {
      timeoutMs: e.QUERY_TIMEOUT,
      maxDepth: e.QUERY_MAX_DEPTH,
      maxCost: e.QUERY_MAX_COST,
      maxAliases: e.QUERY_MAX_ALIASES,
      maxTokens: e.QUERY_MAX_TOKENS,
      blockFieldSuggestions: !(e.INTROSPECTION ?? !production),
    },
    auth: {
      mode: authMode,
      tokenCacheTtlMs: e.AUTH_TOKEN_CACHE_TTL,
      jwt: jwtKey
        ? {
            jwksUrl: e.JWT_JWKS_URL,
            publicKey: e.JWT_PUBLIC_KEY,
            issuer: e.JWT_ISSUER,
            audience: e.JWT_AUDIENCE,
            subjectClaim: e.JWT_SUBJECT_CLAIM,
            scopesClaim: e.JWT_SCOPES_CLAIM,
            serviceClaim: e.JWT_SERVICE_CLAIM,
            serviceValue: e.JWT_SERVICE_VALUE,
          }
        : undefined,
    },
    rateLimit: { eventsPerSecond: e.RATE_LIMIT_EVENTS_PER_SECOND, burst: e.RATE_LIMIT_BURST },
    http: {
      corsOrigins: e.CORS_ORIGINS.split(',')
        .map((o) => o.trim())
        .filter(Boolean),
      graphiql: e.GRAPHIQL ?? !production,
      introspection: e.INTROSPECTION ?? !production,
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT,
    },
    metrics: e.METRICS,
  };
}
