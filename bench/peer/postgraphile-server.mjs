/* global process, console */
// The PostGraphile v5 baseline, run by bench/ only (never part of the gateway) under Node 22,
// which PostGraphile 5.1 requires. Out of the box: the amber preset plus the connection-filter
// plugin, default pool and body limit; JSONB filter operators are enabled by the smart comment
// the bench puts on audit_events.event_data in its own database.
// Usage: node postgraphile-server.mjs <database-url> <port>
import { createServer } from 'node:http';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { postgraphile } from 'postgraphile';
import { PostGraphileConnectionFilterPreset } from 'postgraphile-plugin-connection-filter';

const [connectionString, port] = process.argv.slice(2);
const preset = {
  extends: [PostGraphileAmberPreset, PostGraphileConnectionFilterPreset],
  pgServices: [makePgService({ connectionString, schemas: ['public'] })],
  grafserv: { port: Number(port), watch: false },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.on('error', (error) => {
  console.error(error);
  process.exit(1);
});
serv.addTo(server).catch((error) => {
  console.error(error);
  process.exit(1);
});
server.listen(Number(port), '127.0.0.1');
const stop = () => {
  server.close();
  pgl.release().finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
