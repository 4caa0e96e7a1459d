import pino, { type Logger } from 'pino';
import type { Config } from './config.js';

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'audit-gateway' },
    redact: { paths: ['req.headers.authorization', '*.authorization', '*.token', '*.password'], censor: '[redacted]' },
  });
}
