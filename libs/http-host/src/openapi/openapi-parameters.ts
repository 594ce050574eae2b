import type { JsonSchema, OpenApiParameter } from './openapi-types.js';
import { isRecord } from './openapi-schema.js';
import { GPT_FIELD_DESCRIPTION_MAX, cutText } from './text-limits.js';

const SCALAR_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'null']);

/** A `{name}` segment: always a string (the route validation makes sure the field is one). */
export function pathParameter(name: string, property: unknown): OpenApiParameter {
  const { description, ...schema } = isRecord(property) ? property : {};
  return {
    name,
    in: 'path',
    required: true,
    description: typeof description === 'string' ? cutText(description, GPT_FIELD_DESCRIPTION_MAX) : `The ${name.replace(/_/g, ' ')}.`,
    schema: schema.type === 'string' ? schema : { type: 'string' },
  };
}

/**
 * A field of a GET or DELETE call, written the way the REST server reads the query string: scalars as plain
 * values (`?limit=10&all=true`), lists of scalars as repeated keys (`?status=failed&status=cancelled`, form style,
 * exploded), and anything else (objects, lists of objects, unions of those) as JSON text in one value.
 */
export function queryParameter(name: string, property: unknown, required: boolean, resolve: (ref: string) => unknown): OpenApiParameter {
  const { description, ...schema } = isRecord(property) ? property : {};
  const base = {
    name,
    in: 'query' as const,
    required,
    ...(typeof description === 'string' ? { description: cutText(description, GPT_FIELD_DESCRIPTION_MAX) } : {}),
  };
  if (isScalar(schema, resolve)) return { ...base, schema };
  if (isScalarList(schema, resolve)) return { ...base, schema, style: 'form', explode: true };
  return { ...base, content: { 'application/json': { schema } } };
}

function isScalar(schema: unknown, resolve: (ref: string) => unknown, depth = 0): boolean {
  if (!isRecord(schema) || depth > 8) return false;
  if (typeof schema.$ref === 'string') return isScalar(resolve(schema.$ref), resolve, depth + 1);
  if ('const' in schema) return schema.const === null || typeof schema.const !== 'object';
  if (Array.isArray(schema.enum)) return schema.enum.every((value) => value === null || typeof value !== 'object');
  for (const keyword of ['anyOf', 'oneOf']) {
    const branches = schema[keyword];
    if (Array.isArray(branches)) return branches.length > 0 && branches.every((branch) => isScalar(branch, resolve, depth + 1));
  }
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return types.length > 0 && types.every((type) => typeof type === 'string' && SCALAR_TYPES.has(type));
}

function isScalarList(schema: JsonSchema, resolve: (ref: string) => unknown): boolean {
  return schema.type === 'array' && isScalar(schema.items, resolve);
}

/** What a local `$ref` (`#/components/schemas/...`) inside `document` points at, if anything. */
export function resolveIn(document: unknown): (ref: string) => unknown {
  return (ref) => {
    if (!ref.startsWith('#/')) return undefined;
    let node: unknown = document;
    for (const token of ref.slice(2).split('/')) {
      const key = decodeURIComponent(token).replace(/~1/g, '/').replace(/~0/g, '~');
      node = isRecord(node) ? node[key] : undefined;
    }
    return node;
  };
}
