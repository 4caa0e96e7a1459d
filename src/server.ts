import { buildApp } from './app.js';
import { StartRefused } from './auth/startup.js';
import { ConfigError, loadConfig } from './config.js';

try {
  const config = loadConfig();
  const app = await buildApp({ config });
  const url = await app.start();
  const engine =
    config.database.kind === 'postgres' ? 'PostgreSQL' : `embedded PostgreSQL (PGlite) in ${config.database.dataDir}`;
  app.deps.logger.info({ url, engine }, `audit gateway listening on ${url} using ${engine}`);
  const shutdown = async (signal: string) => {
    app.deps.logger.info({ signal }, 'shutting down: refusing new requests, finishing in-flight ones');
    try {
      await app.stop();
      app.deps.logger.info('stopped cleanly');
      process.exit(0);
    } catch (error) {
      app.deps.logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
} catch (error) {
  if (error instanceof ConfigError || error instanceof StartRefused) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
