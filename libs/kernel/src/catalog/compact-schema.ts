import type { ObjectJsonSchema } from '@orcaops/plugin-api';

/**
 * Keywords that guard an input rather than explain it (lengths, counts, patterns). The invoker enforces them all
 * and answers a breach with VALIDATION_ERROR naming the field and the limit, so a model learns them when it
 * matters instead of reading them on every turn.
 */
const GUARD_KEYWORDS = new Set(['minLength', 'maxLength', 'minItems', 'maxItems', 'pattern', 'propertyNames']);
/** zod's bounds for `.int()`: they say "integer", which `type` already says. */
const SAFE_INTEGER_BOUNDS = new Set([Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]);
/** Keywords whose values are data, not schemas: copied as they are. */
const DATA_KEYWORDS = new Set(['default', 'const', 'enum', 'examples', 'required']);

type Json = unknown;

/**
 * An input schema as model-facing hosts list it: types, enums, defaults, bounds of numbers, descriptions and
 * which fields are required stay; guards go (see {@link GUARD_KEYWORDS}), and so do defaults that absence already
 * says (an absent list or map is empty, an absent flag false) and `additionalProperties: false` (the invoker
 * refuses an unknown key by name).
 */
export function compactInputSchema(schema: ObjectJsonSchema): ObjectJsonSchema {
  return compact(schema, { descriptions: true }) as ObjectJsonSchema;
}

/**
 * An output schema as model-facing hosts list it: the envelope's fields, which are required, and the type of
 * each (with enums and consts); what is inside a nested object or a list's items is left to the reply itself and
 * to the full schema (`orcaops openapi`, the HTTP host's /openapi.json). Models read replies, not output schemas, and a client
 * validating with it keeps working when a later version adds a field, since objects stay open.
 */
export function compactOutputSchema(schema: ObjectJsonSchema): ObjectJsonSchema {
  const { properties = {}, required } = schema;
  const fields = Object.fromEntries(Object.entries(properties).map(([name, field]) => [name, shapeOnly(compact(field, { descriptions: false })) as object]));
  return { type: 'object', properties: fields, ...(required ? { required } : {}) };
}

/** A compacted schema without what is nested inside it: its type, enum, const, and the alternatives of an anyOf. */
function shapeOnly(node: Json): Json {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return node;
  const { type, enum: values, const: constant, anyOf, items } = node as Record<string, Json>;
  return {
    ...(type === undefined ? {} : { type }),
    ...(values === undefined ? {} : { enum: values }),
    ...(constant === undefined ? {} : { const: constant }),
    ...(Array.isArray(anyOf) ? { anyOf: anyOf.map((branch) => shapeOnly(branch)) } : {}),
    ...(items && typeof items === 'object' && !Array.isArray(items) ? { items: itemType(items as Record<string, Json>) } : {}),
  };
}

function itemType(items: Record<string, Json>): Json {
  const { type, enum: values } = items;
  return { ...(type === undefined ? {} : { type }), ...(values === undefined ? {} : { enum: values }) };
}

function isEmpty(value: Json): boolean {
  return (Array.isArray(value) && value.length === 0) || (value !== null && typeof value === 'object' && Object.keys(value).length === 0);
}

function compact(node: Json, options: { readonly descriptions: boolean }): Json {
  if (Array.isArray(node)) return node.map((item) => compact(item, options));
  if (node === null || typeof node !== 'object') return node;
  const result: Record<string, Json> = {};
  for (const [key, value] of Object.entries(node)) {
    if (GUARD_KEYWORDS.has(key)) continue;
    if (key === 'description' && !options.descriptions) continue;
    if ((key === 'minimum' || key === 'maximum') && SAFE_INTEGER_BOUNDS.has(value as number)) continue;
    if (key === 'additionalProperties' && value === false) continue;
    if (key === 'default' && (isEmpty(value) || (value === false && (node as { type?: unknown }).type === 'boolean'))) continue;
    if (DATA_KEYWORDS.has(key)) {
      result[key] = value;
      continue;
    }
    if (key === 'type' && Array.isArray(value)) {
      // `type: ["string", "null"]` is what strict validators (Ajv's strictTypes) warn about; anyOf says the same.
      result['anyOf'] = value.map((type) => ({ type }));
      continue;
    }
    if (key === 'properties' && value && typeof value === 'object') {
      // Property names are names, not keywords: a field called "pattern" stays.
      result[key] = Object.fromEntries(Object.entries(value).map(([name, property]) => [name, compact(property, options)]));
      continue;
    }
    result[key] = compact(value, options);
  }
  return result;
}
