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
});

export type Env = z.input<typeof EnvSchema>;

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  database: { kind: 'postgres'; url: string; poolSize: number } | { kind: 'pglite'; dataDir: string };
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  hashKey: string | undefined;
  limits: AuditLimits;
  partitions: { monthsAhead: number; checkIntervalMs: number };
}

export interface AuditLimits {
  maxBatchSize: number;
  maxBodyBytes: number;
  maxEventDataBytes: number;
  maxEventDataDepth: number;
  maxEventAgeMs: number;
  maxEventFutureMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; reports every bad variable at once. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
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
    },
    partitions: { monthsAhead: e.PARTITION_MONTHS_AHEAD, checkIntervalMs: e.PARTITION_CHECK_INTERVAL },
  };
}
