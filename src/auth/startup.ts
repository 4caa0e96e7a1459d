import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Orm } from '../db/client.js';
import { countLiveTokens } from './api-tokens.js';

/** A configuration that would run but must not: the entry reports it and exits non-zero. */
export class StartRefused extends Error {
  override name = 'StartRefused';
}

/**
 * Says loudly when the gateway runs without credentials, and refuses a production start that
 * could authenticate nobody (no JWT verification configured and no live API token).
 */
export async function checkCredentialsAtStart(config: Config, orm: Orm, logger: Logger): Promise<void> {
  if (config.auth.mode === 'local-dev') {
    logger.warn(
      { authMode: 'local-dev', host: config.host },
      '!!! LOCAL DEVELOPMENT MODE: requests without a credential get every scope. Bound to ' +
        `${config.host} only. Set AUTH_MODE=enforced (the default with NODE_ENV=production) before exposing it. !!!`,
    );
    return;
  }
  if (config.auth.jwt) return;
  const tokens = await countLiveTokens(orm);
  if (tokens > 0) return;
  const message =
    'no credentials configured: set JWT_JWKS_URL or JWT_PUBLIC_KEY, or issue an API token with ' +
    '`npm run tokens -- issue --account <name> --scope audit:write`';
  if (config.env === 'production') throw new StartRefused(`refusing to start: ${message}`);
  logger.warn(message);
}
