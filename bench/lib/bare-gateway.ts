import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';

/*
 * The gateway without authentication, for the overhead section only: src/server.ts's start with the
 * configuration the environment gives (NODE_ENV=production, as the gateway it is compared with),
 * switched to local development mode after loading. loadConfig refuses local-dev in production, and
 * NODE_ENV cannot be changed instead: libraries read it too (graphql-js adds a cross-realm check
 * to every failed type test outside production), so the two gateways would differ in more than
 * authentication. No credential is needed, so it listens on 127.0.0.1 only.
 */
const config = loadConfig();
if (config.host !== '127.0.0.1') throw new Error(`the bare gateway listens on 127.0.0.1 only, not ${config.host}`);
const app = await buildApp({ config: { ...config, auth: { ...config.auth, mode: 'local-dev' } } });
await app.start();
process.once('SIGTERM', () => {
  app.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
