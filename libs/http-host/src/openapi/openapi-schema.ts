import type { JsonSchema } from './openapi-types.js';
import { GPT_FIELD_DESCRIPTION_MAX, cutText } from './text-limits.js';

/** Keywords whose value is one subschema. */
const SINGLE = ['additionalProperties', 'contains', 'propertyNames', 'if', 'then', 'else', 'not', 'unevaluatedProperties', 'unevaluatedItems'];
/** Keywords whose value is a list of subschemas. */
const LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
/** Keywords whose value maps names to subschemas. */
const MAPS = ['properties', 'patternProperties', '$defs', 'dependentSchemas'];

/** A component name OpenAPI accepts (`^[a-zA-Z0-9._-]+$`). */
export function componentName(...parts: string[]): string {
  return parts.map((part) => part.replace(/[^A-Za-z0-9._-]/g, '_')).join('_');
}

/** A JSON Pointer token as written in a `$ref`, decoded. */
const pointerToken = (token: string) => decodeURIComponent(token).replace(/~1/g, '/').replace(/~0/g, '~');

/**
 * A tool's draft-07 JSON Schema (plugin-api's `inputJsonSchema`/`outputJsonSchema`) as an OpenAPI 3.1 schema
 * (JSON Schema 2020-12): `$schema` dropped, tuple `items` as `prefixItems`, `dependencies` split, and every
 * description within GPT Actions' 700 characters. Inside an OpenAPI document `#` is the document, not the schema,
 * so `definitions` (zod writes them for recursive schemas) move to `components` under `name`, and `$ref`s to them
 * or to the schema itself are rewritten to point there.
 */
export function toOpenApiSchema(schema: JsonSchema, name: string, components: Record<string, JsonSchema>): JsonSchema {
  let rootReferenced = false;
  const reference = (ref: string): string => {
    const definition = /^#\/definitions\/([^/]+)(.*)$/.exec(ref);
    if (definition) return `#/components/schemas/${componentName(name, pointerToken(definition[1]!))}${definition[2]}`;
    if (ref !== '#' && !ref.startsWith('#/')) return ref;
    rootReferenced = true;
    return `#/components/schemas/${name}${ref.slice(1)}`;
  };
  const convert = (node: unknown): unknown => (typeof node === 'object' && node !== null && !Array.isArray(node) ? convertObject(node as JsonSchema) : node);
  const convertObject = (node: JsonSchema): JsonSchema => {
    const out: JsonSchema = {};
    for (const [keyword, value] of Object.entries(node)) {
      if (keyword === '$schema') continue;
      if (keyword === '$ref' && typeof value === 'string') out.$ref = reference(value);
      else if (keyword === 'description' && typeof value === 'string') out.description = cutText(value, GPT_FIELD_DESCRIPTION_MAX);
      else if (keyword === 'items' && Array.isArray(value)) out.prefixItems = value.map(convert);
      // Without tuple `items`, draft-07 ignores `additionalItems`, and 2020-12 has no such keyword.
      else if (keyword === 'additionalItems') {
        if (Array.isArray(node.items)) out.items = convert(value);
      }
      else if (keyword === 'items') out.items = convert(value);
      else if (keyword === 'dependencies' && isRecord(value)) splitDependencies(value, out, convert);
      else if (keyword === 'definitions' && isRecord(value)) out.$defs = mapValues(value, convert);
      else if (SINGLE.includes(keyword)) out[keyword] = convert(value);
      else if (LISTS.includes(keyword) && Array.isArray(value)) out[keyword] = value.map(convert);
      else if (MAPS.includes(keyword) && isRecord(value)) out[keyword] = mapValues(value, convert);
      else out[keyword] = value;
    }
    return out;
  };

  const { definitions, ...root } = schema;
  if (isRecord(definitions)) {
    for (const [key, definition] of Object.entries(definitions)) components[componentName(name, key)] = convert(definition) as JsonSchema;
  }
  const converted = convertObject(root);
  if (rootReferenced) components[name] = converted;
  return converted;
}

/** Draft-07 `dependencies` is two keywords in 2020-12: property lists and schemas. */
function splitDependencies(value: Record<string, unknown>, out: JsonSchema, convert: (node: unknown) => unknown): void {
  for (const [property, dependency] of Object.entries(value)) {
    const keyword = Array.isArray(dependency) ? 'dependentRequired' : 'dependentSchemas';
    const target = (out[keyword] ??= {}) as Record<string, unknown>;
    target[property] = Array.isArray(dependency) ? dependency : convert(dependency);
  }
}

function mapValues(value: Record<string, unknown>, convert: (node: unknown) => unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).map(([key, schema]) => [key, convert(schema)]));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
