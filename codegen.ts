import type { CodegenConfig } from '@graphql-codegen/cli';

/** Typed documents for the tests and the client library, generated from the committed schema. */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['test/**/*.ts', 'src/client/**/*.ts', 'bench/**/*.ts', '!generated/**'],
  ignoreNoDocuments: true,
  importExtension: '.js',
  generates: {
    'generated/graphql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', UUID: 'string', JSON: 'unknown', JSONObject: 'Record<string, unknown>' },
      },
    },
  },
};

export default config;
