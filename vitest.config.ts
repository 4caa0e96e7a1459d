import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // graphql-yoga loads graphql's CommonJS build; without this the tests would load the ESM one too,
  // and a GraphQLError from one copy would not be recognised (and would be masked) by the other.
  resolve: { alias: { graphql: createRequire(import.meta.url).resolve('graphql') } },
  test: {
    include: ['test/**/*.test.ts'],
    // Each file builds its own database; PGlite takes seconds to boot, and real concurrency tests need room.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
