import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type { Context } from '../context.js';
import type { RawJson } from '../output/raw-json.js';
import { decodeGlobalID } from './global-id.js';
import { forbidden } from '../auth/scopes.js';

export const builder = new SchemaBuilder<{
  Context: Context;
  Scalars: {
    DateTime: { Input: string; Output: string };
    UUID: { Input: string; Output: string };
    JSON: { Input: unknown; Output: unknown };
    JSONObject: { Input: Record<string, unknown>; Output: Record<string, unknown> | RawJson };
  };
  DefaultFieldNullability: false;
  AuthScopes: { write: boolean; read: boolean; admin: boolean };
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}>({
  plugins: [ScopeAuthPlugin, RelayPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (context) => ({
      write: context.caller.scopes.has('audit:write'),
      read: context.caller.scopes.has('audit:read'),
      admin: context.caller.scopes.has('audit:admin'),
    }),
    unauthorizedError: (_parent, context, info) => forbidden(context, info.fieldName),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodesOnConnection: true,
    decodeGlobalID,
  },
});

// Every root field needs a scope: reads audit:read, writes audit:write (fields that need another
// scope, such as admin operations, set `skipTypeScopes` and their own).
builder.queryType({ authScopes: { read: true } });
builder.mutationType({ authScopes: { write: true } });
