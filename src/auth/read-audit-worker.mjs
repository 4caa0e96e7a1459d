// A worker thread starts with a fresh module loader, and Node 20 does not run the gateway's
// `--import tsx` in it for the entry file: tsx is registered here, as bin/audit-gateway.mjs does.
import { register } from 'tsx/esm/api';

register();
await import('./read-audit-worker.ts');
