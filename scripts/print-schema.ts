import { writeFileSync } from 'node:fs';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from '../src/schema/index.js';

/** Writes schema.graphql from the Pothos schema; `--check` fails instead when it would change it. */
const printed = `${printSchema(lexicographicSortSchema(schema))}\n`;
const target = new URL('../schema.graphql', import.meta.url);
if (process.argv.includes('--check')) {
  const { readFileSync } = await import('node:fs');
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {
    // no committed schema yet: it is stale
  }
  if (committed !== printed) {
    console.error('schema.graphql is stale: run `npm run schema:print` and commit it');
    process.exit(1);
  }
} else {
  writeFileSync(target, printed);
}
