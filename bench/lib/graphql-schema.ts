import {
  buildClientSchema,
  buildSchema,
  getIntrospectionQuery,
  type GraphQLSchema,
  type IntrospectionQuery,
  isInputObjectType,
  isObjectType,
} from 'graphql';
import { gatewaySchemaText } from './processes.js';

/** The running gateway's schema (introspection), or the committed schema.graphql when introspection is off. */
export async function loadGatewaySchema(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ schema: GraphQLSchema; source: string }> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: getIntrospectionQuery() }),
    });
    const body = (await res.json()) as { data?: IntrospectionQuery };
    if (body.data?.__schema)
      return { schema: buildClientSchema(body.data), source: 'introspection of the running gateway' };
  } catch {
    // fall through
  }
  return { schema: buildSchema(gatewaySchemaText()), source: 'schema.graphql' };
}

/**
 * The first of `paths` that the schema lacks, or null. A path is `Type.field` or `Type.field(arg)`,
 * for object and input object types alike.
 */
export function missingField(schema: GraphQLSchema, paths: readonly string[]): string | null {
  for (const path of paths) {
    const match = /^(\w+)\.(\w+)(?:\((\w+)\))?$/.exec(path);
    if (!match) return path;
    const [, typeName, fieldName, argName] = match as unknown as [string, string, string, string | undefined];
    const type = schema.getType(typeName);
    if (!type || !(isObjectType(type) || isInputObjectType(type))) return path;
    const field = type.getFields()[fieldName];
    if (!field) return path;
    if (argName && !('args' in field && field.args.some((a) => a.name === argName))) return path;
  }
  return null;
}
