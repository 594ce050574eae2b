import * as fc from 'fast-check';
import type { JsonSchemaNode } from '../schema-fuzz/fuzz-arguments.js';
import { FUZZ_MARKER } from '../schema-fuzz/hostile-values.js';
import { deeplyNestedArbitrary, hostileKeyArbitrary, hostileNumberArbitrary, hostileStringArbitrary, wrongTypeArbitrary, type Hostile } from './hostile-arbitraries.js';
import { hintArbitrary, plainArbitrary, stringArbitrary, typesOf, type ArbitraryOptions, type SchemaPath } from './valid-arbitrary.js';

/** A value of a schema with one site made hostile, and which site and how (`commands.[].cwd: path traversal`). */
export interface Mutation {
  readonly value: unknown;
  readonly what: string;
}

/**
 * Values of `schema` that are valid except at one site: the node itself replaced (wrong type, a hostile string,
 * a number at or past its bounds, a list too short, too long or too deep, an object missing a required key or
 * with an extra, hostile one) or, more often, one of its properties or items mutated the same way, recursively.
 */
export function mutatedArbitrary(schema: JsonSchemaNode, options: ArbitraryOptions = {}, path: SchemaPath = []): fc.Arbitrary<Mutation> {
  const here = hostileHere(schema, options, path).map(({ value, kind }): Mutation => ({ value, what: `${path.join('.') || '(arguments)'}: ${kind}` }));
  const inner = innerMutations(schema, options, path);
  return inner.length === 0 ? here : fc.oneof({ weight: 1, arbitrary: here }, { weight: 3, arbitrary: fc.oneof(...inner) });
}

/** Mutations one level down: in one property, one record value, one list item, or one alternative. */
function innerMutations(schema: JsonSchemaNode, options: ArbitraryOptions, path: SchemaPath): Array<fc.Arbitrary<Mutation>> {
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives && alternatives.length > 0) return alternatives.map((alternative) => mutatedArbitrary(alternative, options, path));
  const types = typesOf(schema);
  const whole = () => plainArbitrary(schema, options, path);
  if (types.includes('object')) {
    const inProperties = Object.entries(schema.properties ?? {}).map(([key, property]) =>
      fc.tuple(whole(), mutatedArbitrary(property, options, [...path, key])).map(([object, mutation]) => ({ value: withKey(object, key, mutation.value), what: mutation.what })),
    );
    const record = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    if (!record) return inProperties;
    const keys = schema.propertyNames ? stringArbitrary(schema.propertyNames, options) : fc.constant(`${FUZZ_MARKER}_key`);
    const inValues = fc.tuple(whole(), keys, mutatedArbitrary(record, options, [...path, '*'])).map(([object, key, mutation]) => ({ value: withKey(object, key, mutation.value), what: mutation.what }));
    return [...inProperties, inValues];
  }
  if (types.includes('array') && schema.items) {
    return [
      fc.tuple(whole(), mutatedArbitrary(schema.items, options, [...path, '[]']), fc.nat()).map(([list, mutation, at]) => {
        const items = Array.isArray(list) ? [...list] : [];
        items[items.length === 0 ? 0 : at % items.length] = mutation.value;
        return { value: items, what: mutation.what };
      }),
    ];
  }
  return [];
}

/** The node itself replaced by something hostile for its type. */
function hostileHere(schema: JsonSchemaNode, options: ArbitraryOptions, path: SchemaPath): fc.Arbitrary<Hostile> {
  const types = typesOf(schema);
  const choices: Array<fc.WeightedArbitrary<Hostile>> = [{ weight: 2, arbitrary: wrongTypeArbitrary(types) }];
  if (schema.enum || schema.const !== undefined) {
    const known = (schema.enum ?? [schema.const]).filter((value): value is string => typeof value === 'string');
    if (known.length > 0) choices.push({ weight: 2, arbitrary: fc.constantFrom(...known).chain((value) => fc.constantFrom(value.toUpperCase(), ` ${value}`, `${value}\u0000`, `${value}s`)).map((value) => ({ value, kind: 'near-miss enum value' })) });
  }
  if (types.includes('string') || schema.enum) choices.push({ weight: 6, arbitrary: hostileStringArbitrary(schema, hintArbitrary(options.hints, path)) });
  if (types.includes('integer') || types.includes('number')) {
    choices.push({ weight: 6, arbitrary: hostileNumberArbitrary({ min: schema.minimum ?? schema.exclusiveMinimum, max: schema.maximum ?? schema.exclusiveMaximum }, !types.includes('number')) });
  }
  if (types.includes('array')) choices.push({ weight: 5, arbitrary: hostileList(schema, options, path) });
  if (types.includes('object')) choices.push({ weight: 5, arbitrary: hostileObject(schema, options, path) });
  return fc.oneof(...choices);
}

function hostileList(schema: JsonSchemaNode, options: ArbitraryOptions, path: SchemaPath): fc.Arbitrary<Hostile> {
  const item = schema.items ? plainArbitrary(schema.items, options, [...path, '[]']) : fc.constant<unknown>(FUZZ_MARKER);
  const choices: Array<fc.Arbitrary<Hostile>> = [
    fc.constant({ value: [], kind: 'empty list' }),
    fc.tuple(item, fc.integer({ min: 1000, max: 50_000 })).map(([first, length]) => ({ value: new Array(length).fill(first), kind: 'very long list' })),
    fc.array(hostileStringArbitrary(), { minLength: 1, maxLength: 5 }).map((items) => ({ value: items.map((hostile) => hostile.value), kind: 'list of hostile strings' })),
    deeplyNestedArbitrary.map((value) => ({ value: [value], kind: 'deeply nested item' })),
  ];
  const max = schema.maxItems;
  if (max !== undefined && max < 10_000) choices.push(fc.array(item, { minLength: max + 1, maxLength: max + 1 }).map((value) => ({ value, kind: 'one past maxItems' })));
  return fc.oneof(...choices);
}

function hostileObject(schema: JsonSchemaNode, options: ArbitraryOptions, path: SchemaPath): fc.Arbitrary<Hostile> {
  const whole = plainArbitrary(schema, options, path);
  const anyValue = fc.oneof(hostileStringArbitrary(), wrongTypeArbitrary([])).map((hostile) => hostile.value);
  const declared = Object.keys(schema.properties ?? {});
  const choices: Array<fc.Arbitrary<Hostile>> = [
    fc.constant(null).map(() => ({ value: {}, kind: 'empty object' })),
    fc.tuple(whole, hostileKeyArbitrary, anyValue).map(([object, key, value]) => ({ value: withKey(object, key, value), kind: `extra key ${JSON.stringify(key.slice(0, 20))}` })),
    fc.tuple(whole, deeplyNestedArbitrary).map(([object, value]) => ({ value: withKey(object, FUZZ_MARKER, value), kind: 'deeply nested extra key' })),
  ];
  if (declared.length > 0) {
    // A declared property's name in another case or with a space: close enough to be mistaken for it.
    const lookAlike = fc.constantFrom(...declared).chain((key) => fc.constantFrom(key.toUpperCase(), `${key} `, key.replace(/_/g, '-')));
    choices.push(fc.tuple(whole, lookAlike, anyValue).map(([object, key, value]) => ({ value: withKey(object, key, value), kind: `look-alike key ${JSON.stringify(key)}` })));
  }
  const required = schema.required ?? [];
  if (required.length > 0) {
    choices.push(fc.tuple(whole, fc.constantFrom(...required)).map(([object, key]) => ({ value: withoutKey(object, key), kind: `missing required ${key}` })));
  }
  const record = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
  if (record) {
    choices.push(
      fc.tuple(whole, hostileStringArbitrary(), plainArbitrary(record, options, [...path, '*'])).map(([object, key, value]) => ({ value: withKey(object, String(key.value), value), kind: `hostile record key (${key.kind})` })),
      fc.tuple(plainArbitrary(record, options, [...path, '*']), fc.integer({ min: 500, max: 5000 })).map(([value, count]) => ({
        value: Object.fromEntries(Array.from({ length: count }, (_, index) => [`K${index}_${FUZZ_MARKER}`, value])),
        kind: 'many record keys',
      })),
    );
  }
  return fc.oneof(...choices);
}

/** `object` (a fresh one if it is not an object) with `key` set as an own property, even `__proto__`. */
export function withKey(object: unknown, key: string, value: unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = isPlainObject(object) ? { ...object } : {};
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

function withoutKey(object: unknown, key: string): unknown {
  if (!isPlainObject(object)) return object;
  const { [key]: _removed, ...rest } = object;
  return rest;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
