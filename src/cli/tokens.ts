import { parseArgs } from 'node:util';
import { issueToken, listTokens, revokeTokens } from '../auth/api-tokens.js';
import { isScope, SCOPES, type Scope } from '../auth/caller.js';
import { ConfigError, loadConfig } from '../config.js';
import { createDb } from '../db/client.js';
import { migrate } from '../db/migrate.js';
import { parseDuration } from '../duration.js';
import { UUID_PATTERN } from '../events/rules.js';

const USAGE = `Manage API tokens (against DATABASE_URL, or the embedded database in PGLITE_DATA_DIR).

  npm run tokens -- issue --account <service-account> --scope <scope> [--scope …]
                          [--expires <30d|12h|…>] [--rate <events/s>] [--burst <events>]
  npm run tokens -- revoke (--id <token-id> | --account <service-account>)
  npm run tokens -- list

Scopes: ${SCOPES.join(', ')}. The token is printed once; only its hash is stored.`;

class UsageError extends Error {}

const positive = (name: string, value: string | undefined) => {
  if (value === undefined) return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} must be a positive integer`);
  return n;
};

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      account: { type: 'string' },
      scope: { type: 'string', multiple: true },
      expires: { type: 'string' },
      rate: { type: 'string' },
      burst: { type: 'string' },
      id: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  if (values.help || !command || !['issue', 'revoke', 'list'].includes(command)) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }

  let issue: Parameters<typeof issueToken>[1] | undefined;
  if (command === 'issue') {
    const account = values.account?.trim();
    if (!account || account.length > 255) throw new UsageError('--account (1 to 255 characters) is required');
    const scopes = values.scope ?? [];
    const bad = scopes.filter((s) => !isScope(s));
    if (scopes.length === 0 || bad.length > 0) {
      throw new UsageError(`--scope must be one of ${SCOPES.join(', ')}${bad.length ? `; got ${bad.join(', ')}` : ''}`);
    }
    let expiresAt: string | null = null;
    if (values.expires !== undefined) {
      const ms = parseDuration(values.expires);
      if (ms === null) throw new UsageError('--expires must be a duration such as 30d or 12h');
      expiresAt = new Date(Date.now() + ms).toISOString();
    }
    issue = {
      serviceAccount: account,
      scopes: scopes as Scope[],
      expiresAt,
      eventsPerSecond: positive('rate', values.rate),
      burst: positive('burst', values.burst),
    };
  }
  if (command === 'revoke') {
    if (!values.id === !values.account) throw new UsageError('revoke needs exactly one of --id or --account');
    if (values.id && !UUID_PATTERN.test(values.id)) throw new UsageError('--id must be a token id (a UUID)');
  }

  const config = loadConfig();
  const db = await createDb(config);
  try {
    await migrate(config, db);
    if (issue) {
      const issued = await issueToken(db.orm, issue);
      console.error(
        `issued token ${issued.id} for "${issue.serviceAccount}" with ${issue.scopes.join(' ')}` +
          (issue.expiresAt ? `, expiring ${issue.expiresAt}` : '') +
          '. It is shown once; store it as a secret:',
      );
      console.log(issued.token);
    } else if (command === 'revoke') {
      const count = await revokeTokens(
        db.orm,
        values.id ? { id: values.id } : { serviceAccount: values.account ?? '' },
      );
      console.log(`revoked ${count} token(s)`);
      if (count === 0) return 1;
    } else {
      for (const t of await listTokens(db.orm)) {
        const state = t.revokedAt ? `revoked ${t.revokedAt}` : t.expiresAt ? `expires ${t.expiresAt}` : 'no expiry';
        const rate =
          t.eventsPerSecond || t.burst ? ` rate=${t.eventsPerSecond ?? 'default'}/s burst=${t.burst ?? 'default'}` : '';
        console.log(`${t.id}  ${t.prefix}…  ${t.serviceAccount}  [${t.scopes.join(' ')}]  ${state}${rate}`);
      }
    }
    return 0;
  } finally {
    await db.close();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || error instanceof ConfigError) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
