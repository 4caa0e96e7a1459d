import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('defaults to the embedded engine bound to 127.0.0.1:4000', () => {
    const config = loadConfig({});
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(4000);
    expect(config.database).toEqual({ kind: 'pglite', dataDir: './data/pglite' });
    expect(config.limits.maxBatchSize).toBe(1000);
    expect(config.limits.maxEventAgeMs).toBe(30 * 86_400_000);
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db:5432/audit' }).database).toMatchObject({ kind: 'postgres' });
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', MAX_EVENT_AGE: '-3d', AUDIT_HASH_KEY: 'short' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['PORT', 'DATABASE_URL', 'MAX_EVENT_AGE', 'AUDIT_HASH_KEY']) expect(message).toContain(name);
  });
});

describe('an empty variable', () => {
  it('counts as unset, so DATABASE_URL= selects the embedded engine', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' })).toMatchObject({ database: { kind: 'pglite' }, port: 4000 });
  });
});

describe('METRICS', () => {
  it('is on by default, off with false, and refuses anything but a boolean word', () => {
    expect(loadConfig({}).metrics).toBe(true);
    expect(loadConfig({ METRICS: 'false' }).metrics).toBe(false);
    expect(loadConfig({ METRICS: 'true' }).metrics).toBe(true);
    expect(() => loadConfig({ METRICS: 'sometimes' })).toThrow(/METRICS/);
  });
});
