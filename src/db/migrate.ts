import { fileURLToPath } from 'node:url';
import type { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import type { Config } from '../config.js';
import type { Database } from './client.js';

const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));
const MIGRATION_LOCK = 727_001;

/**
 * Applies the migrations in ./drizzle. On a PostgreSQL server several replicas may start at once,
 * so the migrator runs on one dedicated connection holding an advisory lock.
 */
export async function migrate(config: Config, db: Database): Promise<void> {
  if (config.database.kind === 'pglite') {
    await migratePglite(db.orm as unknown as ReturnType<typeof drizzlePglite>, { migrationsFolder });
    return;
  }
  const client = postgres(config.database.url, { max: 1, onnotice: () => {} });
  try {
    await client`SELECT pg_advisory_lock(${MIGRATION_LOCK})`;
    await migratePostgres(drizzlePostgres(client), { migrationsFolder });
  } finally {
    await client`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
    await client.end({ timeout: 5 });
  }
}
