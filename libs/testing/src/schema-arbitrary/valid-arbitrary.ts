import * as fc from 'fast-check';
import { PLAUSIBLE_STRINGS, type FuzzHint, type JsonSchemaNode } from '../schema-fuzz/fuzz-arguments.js';
import { FUZZ_MARKER, HOSTILE_STRINGS } from '../schema-fuzz/hostile-values.js';
import { createRandom } from '../schema-fuzz/random.js';

/** What the arbitraries are made from besides the schema. */
export interface ArbitraryOptions {
  /** Extra plausible strings (e.g. a directory the run allows), used wherever a string's constraints admit them. */
  readonly strings?: readonly string[];
  /**
   * Values that mean something to the tools, by property name (e.g. an existing sandbox's name): a property with
   * a hint takes a hinted value most of the time, so that calls get past "not found". A function is called with a
   * seeded {@link Random} for a fresh value.
   */
  readonly hints?: Readonly<Record<string, FuzzHint>>;
}

/** Where a node sits in the arguments: property names, and `[]` for "an item of the list" (for messages). */
export type SchemaPath = ReadonlyArray<string>;

/** Longest string and list made up freely for a valid value: longer ones come from the bounds and the mutations. */
const FREE_CHARS = 40;
const FREE_ITEMS = 4;

/**
 * Values that `schema` accepts (as far as this subset of draft-07 says: type, properties, required,
 * additionalProperties, propertyNames, items, min/maxItems, min/maxLength, pattern, format, enum, const, anyOf,
 * oneOf, minimum/maximum and their exclusive forms, default, nullable), hinted values where hints are given.
 * Valid strings include hostile ones the schema does not rule out (control characters, `..`, unicode), since
 * those reach the tool. Shrinks towards short strings, small numbers and absent optional properties.
 */
export function validArbitrary(schema: JsonSchemaNode, options: ArbitraryOptions = {}, path: SchemaPath = []): fc.Arbitrary<unknown> {
  const own = plainArbitrary(schema, options, path);
  const hint = hintArbitrary(options.hints, path);
  return hint ? fc.oneof({ weight: 7, arbitrary: hint }, { weight: 3, arbitrary: own }) : own;
}

/** {@link validArbitrary} without the hint for `path` itself (its properties still take theirs). */
export function plainArbitrary(schema: JsonSchemaNode, options: ArbitraryOptions, path: SchemaPath): fc.Arbitrary<unknown> {
  let arbitrary = typedArbitrary(schema, options, path);
  if (schema.default !== undefined) {
    const fallback = schema.default;
    arbitrary = fc.oneof({ weight: 5, arbitrary }, { weight: 1, arbitrary: fc.constant(null).map(() => structuredClone(fallback)) });
  }
  if (schema.nullable === true) arbitrary = fc.oneof({ weight: 5, arbitrary }, { weight: 1, arbitrary: fc.constant(null) });
  return arbitrary;
}

function typedArbitrary(schema: JsonSchemaNode, options: ArbitraryOptions, path: SchemaPath): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives && alternatives.length > 0) return fc.oneof(...alternatives.map((alternative) => plainArbitrary(alternative, options, path)));
  if (schema.allOf && schema.allOf.length > 0) return plainArbitrary(schema.allOf[0]!, options, path);
  const types = typesOf(schema);
  if (types.length > 1) return fc.oneof(...types.map((type) => typedArbitrary({ ...schema, type }, options, path)));
  switch (types[0]) {
    case 'string':
      return stringArbitrary(schema, options);
    case 'integer':
      return integerArbitrary(schema);
    case 'number':
      return fc.double({ min: schema.minimum ?? schema.exclusiveMinimum, max: schema.maximum ?? schema.exclusiveMaximum, minExcluded: schema.minimum === undefined && schema.exclusiveMinimum !== undefined, maxExcluded: schema.maximum === undefined && schema.exclusiveMaximum !== undefined, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return arrayArbitrary(schema, options, path);
    case 'object':
      return objectArbitrary(schema, options, path);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A valid string of `schema` (also used for property names). */
export function stringArbitrary(schema: JsonSchemaNode, options: ArbitraryOptions = {}): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Infinity;
  const pattern = compile(schema.pattern);
  const fits = (text: string) => text.length >= min && text.length <= max && (!pattern || pattern.test(text)) && formatAccepts(schema.format, text);
  const choices: Array<fc.WeightedArbitrary<string>> = [];
  const plausible = [...new Set([...(options.strings ?? []), ...PLAUSIBLE_STRINGS])].filter(fits);
  if (plausible.length > 0) choices.push({ weight: 3, arbitrary: fc.constantFrom(...plausible) });
  // Hostile strings the schema does not rule out: these get past validation into the tool.
  const hostile = HOSTILE_STRINGS.filter(fits);
  if (hostile.length > 0) choices.push({ weight: 3, arbitrary: fc.constantFrom(...hostile) });
  const formatted = formatArbitrary(schema.format);
  const matching = !formatted && pattern ? patternArbitrary(pattern, max) : undefined;
  if (formatted) choices.push({ weight: 4, arbitrary: formatted.filter(fits) });
  else if (matching) choices.push({ weight: 4, arbitrary: matching.filter(fits) });
  else if (!pattern) {
    const maxLength = Math.min(max, min + FREE_CHARS);
    choices.push({ weight: 3, arbitrary: fc.string({ minLength: min, maxLength, unit: 'grapheme' }) }, { weight: 2, arbitrary: fc.string({ minLength: min, maxLength, unit: 'binary-ascii' }) });
    // Exactly as long as allowed.
    if (Number.isFinite(max) && max > maxLength && max <= 65_536) choices.push({ weight: 1, arbitrary: fc.constant(ofLength(max)) });
  }
  return choices.length > 0 ? fc.oneof(...choices) : fc.constant(ofLength(Math.max(1, min)));
}

function integerArbitrary(schema: JsonSchemaNode): fc.Arbitrary<number> {
  const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? Math.floor(schema.exclusiveMinimum) + 1 : -(2 ** 31));
  const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? Math.ceil(schema.exclusiveMaximum) - 1 : 2 ** 31 - 1);
  return fc.integer({ min: Math.max(Math.ceil(min), Number.MIN_SAFE_INTEGER), max: Math.min(Math.floor(max), Number.MAX_SAFE_INTEGER) });
}

function arrayArbitrary(schema: JsonSchemaNode, options: ArbitraryOptions, path: SchemaPath): fc.Arbitrary<unknown[]> {
  const item = schema.items ? validArbitrary(schema.items, options, [...path, '[]']) : fc.constant(FUZZ_MARKER);
  const min = schema.minItems ?? 0;
  const max = schema.maxItems ?? Infinity;
  const short = fc.array(item, { minLength: min, maxLength: Math.min(max, min + FREE_ITEMS) });
  // Exactly as many items as allowed, where that is a reasonable number.
  if (Number.isFinite(max) && max > min + FREE_ITEMS && max <= 100) return fc.oneof({ weight: 9, arbitrary: short }, { weight: 1, arbitrary: fc.array(item, { minLength: max, maxLength: max }) });
  return short;
}

function objectArbitrary(schema: JsonSchemaNode, options: ArbitraryOptions, path: SchemaPath): fc.Arbitrary<Record<string, unknown>> {
  const properties = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  const model = Object.fromEntries(properties.map(([key, property]) => [key, validArbitrary(property, options, [...path, key])]));
  const known = fc.record(model, { requiredKeys: properties.map(([key]) => key).filter((key) => required.has(key)) }) as fc.Arbitrary<Record<string, unknown>>;
  const record = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
  if (!record) return known;
  const keys = schema.propertyNames ? stringArbitrary(schema.propertyNames, options) : fc.constantFrom(FUZZ_MARKER, `${FUZZ_MARKER}_key`);
  const more = fc.dictionary(keys, validArbitrary(record, options, [...path, '*']), { maxKeys: 3, noNullPrototype: true });
  return fc.tuple(known, more).map(([fixed, extra]) => ({ ...extra, ...fixed }));
}

/** Hinted values for the property at `path` (the last name), if there are any. */
export function hintArbitrary(hints: ArbitraryOptions['hints'], path: SchemaPath): fc.Arbitrary<unknown> | undefined {
  const key = path.at(-1);
  const hint = key !== undefined && hints && Object.hasOwn(hints, key) ? hints[key] : undefined;
  if (typeof hint === 'function') return fc.nat().map((seed) => hint(createRandom(seed)));
  return hint && hint.length > 0 ? fc.constantFrom(...hint).map((value) => structuredClone(value)) : undefined;
}

/** The JSON types a schema names (inferred from its keywords when it names none). */
export function typesOf(schema: JsonSchemaNode): string[] {
  if (Array.isArray(schema.type)) return [...(schema.type as readonly string[])];
  if (typeof schema.type === 'string') return [schema.type];
  if (schema.properties || schema.additionalProperties !== undefined) return ['object'];
  if (schema.items) return ['array'];
  return [];
}

/**
 * A string of exactly `length` characters, carrying the fuzz marker where it fits (so a file it names is found),
 * as a relative path of 200-character names: as long as a path may be, without a name longer than a file system
 * takes.
 */
export function ofLength(length: number): string {
  if (length < FUZZ_MARKER.length) return 'x'.repeat(length);
  return (FUZZ_MARKER + `/${'x'.repeat(199)}`.repeat(Math.ceil(length / 200))).slice(0, length);
}

function formatArbitrary(format: string | undefined): fc.Arbitrary<string> | undefined {
  const dates = () => fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-12-31T23:59:59Z'), noInvalidDate: true });
  switch (format) {
    case 'date-time':
      return dates().map((date) => date.toISOString());
    case 'date':
      return dates().map((date) => date.toISOString().slice(0, 10));
    case 'ipv4':
      return fc.ipV4();
    case 'uri':
      return fc.webUrl();
    case 'email':
      return fc.emailAddress();
    case 'uuid':
      return fc.uuid();
    default:
      return undefined;
  }
}

function formatAccepts(format: string | undefined, text: string): boolean {
  // Date.parse alone takes far more than RFC 3339 ("-1" is a year).
  if (format === 'date-time') return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i.test(text) && !Number.isNaN(Date.parse(text));
  if (format === 'date') return /^\d{4}-\d\d-\d\d$/.test(text) && !Number.isNaN(Date.parse(text));
  if (format === 'ipv4') return /^(\d{1,3})(\.\d{1,3}){3}$/.test(text);
  return true;
}

/** Strings matching `pattern` ("loosely": fast-check reads most of JavaScript's syntax), or none if it cannot. */
function patternArbitrary(pattern: RegExp, maxLength: number): fc.Arbitrary<string> | undefined {
  try {
    return fc.stringMatching(pattern, { maxLength: Math.min(maxLength, 300) });
  } catch {
    return undefined;
  }
}

function compile(pattern: string | undefined): RegExp | undefined {
  if (pattern === undefined) return undefined;
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return new RegExp(pattern);
  }
}
