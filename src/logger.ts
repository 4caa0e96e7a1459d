import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from './config.js';
import { requestLogFields } from './observability/request-scope.js';

/** JSON lines; every line written while serving a request names its `requestId`. */
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
