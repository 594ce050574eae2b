import type { JsonSchema } from './openapi-types.js';
import { isRecord } from './openapi-schema.js';

/** Past this depth a recursive schema gets `null`, not an endless example. */
const MAX_DEPTH = 8;

const STRING_FORMATS: Record<string, string> = {
  'date-time': '2025-01-01T00:00:00Z',
  date: '2025-01-01',
  time: '00:00:00Z',
  email: 'user@example.com',
  uri: 'https://example.com/',
  uuid: '00000000-0000-4000-8000-000000000000',
  ipv4: '127.0.0.1',
  hostname: 'example.com',
};

/**
 * A value shaped like `schema`, for a document's examples: the schema's own example, const, default or first
 * enum value where it has one, else a placeholder of its type. Objects get their required fields only, which is
 * what a caller must send and what every answer has. Not meant to satisfy patterns; nothing validates examples.
 */
export function exampleOf(schema: unknown, resolve: (ref: string) => unknown = () => undefined, depth = 0): unknown {
  if (!isRecord(schema) || depth > MAX_DEPTH) return null;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if ('const' in schema) return schema.const;
  if ('default' in schema) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const next = (sub: unknown) => exampleOf(sub, resolve, depth + 1);
  if (typeof schema.$ref === 'string') return next(resolve(schema.$ref));
  for (const keyword of ['anyOf', 'oneOf', 'allOf']) {
    const branches = schema[keyword];
    // `nullable()` is an anyOf with null: the other branch says more.
    if (Array.isArray(branches) && branches.length > 0) return next(branches.find((branch) => !(isRecord(branch) && branch.type === 'null')) ?? branches[0]);
  }
  const type = Array.isArray(schema.type) ? (schema.type.find((name) => name !== 'null') ?? 'null') : (schema.type ?? (isRecord(schema.properties) ? 'object' : undefined));
  switch (type) {
    case 'object':
      return objectExample(schema as JsonSchema, next);
    case 'array':
      if (Array.isArray(schema.prefixItems)) return schema.prefixItems.map(next);
      return isRecord(schema.items) ? [next(schema.items)] : [];
    case 'string':
      return stringExample(schema as JsonSchema);
    case 'integer':
    case 'number':
      return numberExample(schema as JsonSchema);
    case 'boolean':
      return false;
    default:
      return null;
  }
}

function objectExample(schema: JsonSchema, next: (sub: unknown) => unknown): Record<string, unknown> {
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  return Object.fromEntries(required.map((name) => [name, next(properties[name])]));
}

function stringExample(schema: JsonSchema): string {
  const known = typeof schema.format === 'string' ? STRING_FORMATS[schema.format] : undefined;
  if (known) return known;
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  return 'string'.padEnd(min, 'x').slice(0, max);
}

function numberExample(schema: JsonSchema): number {
  if (typeof schema.minimum === 'number') return schema.minimum;
  if (typeof schema.exclusiveMinimum === 'number') return schema.type === 'integer' ? Math.floor(schema.exclusiveMinimum) + 1 : schema.exclusiveMinimum + 1;
  return typeof schema.maximum === 'number' ? Math.min(0, schema.maximum) : 0;
}
