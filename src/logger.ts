import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from './config.js';
import { requestLogFields } from './observability/request-ids.js';

/** JSON lines; a line about a request (a refusal, an unexpected error) names its `requestId`. */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { service: 'audit-gateway' },
      mixin: requestLogFields,
      redact: {
        paths: ['req.headers.authorization', '*.authorization', '*.token', '*.password', 'headers.authorization'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
