import { GraphQLError, Kind, type ValueNode } from 'graphql';
import { UUID_PATTERN } from '../events/rules.js';
import { parseInstant } from '../events/timestamp.js';
import { builder } from './builder.js';

builder.scalarType('DateTime', {
  description: 'An RFC 3339 time in UTC with microsecond precision, e.g. 2026-11-22T10:15:30.123456Z.',
  serialize: (value) => value,
  parseValue: (value) => {
    const instant = typeof value === 'string' ? parseInstant(value) : null;
    if (!instant) throw new GraphQLError('DateTime must be an RFC 3339 time');
    return instant.iso;
  },
});

builder.scalarType('UUID', {
  description: 'A UUID in its 36-character text form.',
  serialize: (value) => value,
  parseValue: (value) => {
    if (typeof value !== 'string' || !UUID_PATTERN.test(value)) throw new GraphQLError('UUID must be a UUID');
    return value.toLowerCase();
  },
});

function literalToJson(node: ValueNode, variables: Record<string, unknown> | null | undefined): unknown {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map((v) => literalToJson(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, literalToJson(f.value, variables)]));
    case Kind.VARIABLE:
      return variables?.[node.name.value];
    default:
      throw new GraphQLError(`unsupported JSON literal: ${node.kind}`);
  }
}

builder.scalarType('JSON', {
  description: 'Any JSON value.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (node, variables) => literalToJson(node, variables),
});

builder.scalarType('JSONObject', {
  description: 'A JSON object.',
  serialize: (value) => value,
  parseValue: (value) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new GraphQLError('JSONObject must be a JSON object');
    }
    return value as Record<string, unknown>;
  },
  parseLiteral: (node, variables) => {
    const value = literalToJson(node, variables);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new GraphQLError('JSONObject must be a JSON object');
    }
    return value as Record<string, unknown>;
  },
});
