import * as fc from 'fast-check';
import { FUZZ_MARKER, HOSTILE_STRINGS, HUGE_STRING } from '../schema-fuzz/hostile-values.js';
import { ofLength } from './valid-arbitrary.js';

/** A hostile value and what kind it is (for the failure message). */
export interface Hostile {
  readonly value: unknown;
  readonly kind: string;
}

const tagged =
  (kind: string) =>
  (value: unknown): Hostile => ({ value, kind });

/** `..`, `.`, `~`, NUL and encoded dots joined as a path, absolute or not. */
export const pathTraversal: fc.Arbitrary<string> = fc
  .tuple(fc.boolean(), fc.array(fc.constantFrom('..', '.', '', FUZZ_MARKER, '~', '...', '%2e%2e', '..\\..', '\u0000', 'etc'), { minLength: 1, maxLength: 12 }))
  .map(([absolute, parts]) => (absolute ? '/' : '') + parts.join('/'));

/** C0 and C1 control characters (NUL, escape sequences' ESC, DEL, NEL) after the marker. */
export const controlCharacters: fc.Arbitrary<string> = fc
  .string({ unit: fc.oneof(fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0x7f, max: 0x9f })).map((code) => String.fromCharCode(code)), minLength: 1, maxLength: 16 })
  .map((text) => FUZZ_MARKER + text);

/** UTF-16 surrogate halves, mostly unpaired: invalid in UTF-8, and JSON escapes them. */
export const loneSurrogates: fc.Arbitrary<string> = fc.array(fc.integer({ min: 0xd800, max: 0xdfff }), { minLength: 1, maxLength: 8 }).map((codes) => FUZZ_MARKER + String.fromCharCode(...codes));

/** Long strings of multi-byte, combining, invisible and right-to-left characters. */
export const longUnicode: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('😀', '名', 'e\u0301', '\u202e', '𝔘𝔫', 'ß', '\u200b', '\ufeff'), fc.integer({ min: 100, max: 40_000 }))
  .map(([unit, count]) => FUZZ_MARKER + unit.repeat(count));

/** A value nested `depth` (50 to 3000) levels deep, as arrays or objects. */
export const deeplyNestedArbitrary: fc.Arbitrary<unknown> = fc.tuple(fc.boolean(), fc.integer({ min: 50, max: 3000 })).map(([asArray, depth]) => {
  let value: unknown = FUZZ_MARKER;
  for (let level = 0; level < depth; level++) value = asArray ? [value] : { [FUZZ_MARKER]: value };
  return value;
});

/** Keys no schema declares: prototype names, NUL, empty, giant, unpaired surrogates, look-alikes. */
export const hostileKeyArbitrary: fc.Arbitrary<string> = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', '', '\u0000', '\ud800', `${FUZZ_MARKER}_extra`, 'x'.repeat(10 * 1024), '😀', 'dryrun', 'a.b', '$ref', ' ');

/** Hostile strings of every class; `bounds` adds strings just past them, `prefix` a hinted value to put first as a path. */
export function hostileStringArbitrary(bounds: { readonly minLength?: number | undefined; readonly maxLength?: number | undefined } = {}, prefix?: fc.Arbitrary<unknown>): fc.Arbitrary<Hostile> {
  const choices: Array<fc.WeightedArbitrary<Hostile>> = [
    { weight: 5, arbitrary: fc.constantFrom(...HOSTILE_STRINGS).map(tagged('hostile string')) },
    { weight: 3, arbitrary: pathTraversal.map(tagged('path traversal')) },
    { weight: 2, arbitrary: controlCharacters.map(tagged('control characters')) },
    { weight: 2, arbitrary: loneSurrogates.map(tagged('lone surrogates')) },
    { weight: 2, arbitrary: longUnicode.map(tagged('long unicode')) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 64 }).map(tagged('random code points')) },
    // Rare: it costs its size in every copy a host makes.
    { weight: 1, arbitrary: fc.constant(HUGE_STRING).map(tagged('5 MiB string')) },
  ];
  const { minLength, maxLength } = bounds;
  if (maxLength !== undefined && maxLength < 2 * 1024 * 1024) choices.push({ weight: 2, arbitrary: fc.constant(null).map(() => ({ value: ofLength(maxLength + 1), kind: 'one past maxLength' })) });
  if (minLength !== undefined && minLength > 0) choices.push({ weight: 1, arbitrary: fc.constant({ value: 'x'.repeat(minLength - 1), kind: 'one under minLength' }) });
  if (prefix) {
    const hostile = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), pathTraversal, controlCharacters, loneSurrogates);
    choices.push({ weight: 5, arbitrary: fc.tuple(prefix, hostile).map(([start, end]) => ({ value: typeof start === 'string' ? `${start}/${end}` : end, kind: 'hint + hostile string' })) });
  }
  return fc.oneof(...choices);
}

/** Numbers at and just past `bounds`, and the usual suspects (±0, 2^31, 2^53, 1e308, NaN, ±Infinity: not JSON). */
export function hostileNumberArbitrary(bounds: { readonly min?: number | undefined; readonly max?: number | undefined }, integer: boolean): fc.Arbitrary<Hostile> {
  const near = [bounds.min, bounds.max].filter((value): value is number => typeof value === 'number').flatMap((value) => [value, value - 1, value + 1, value - 0.5, value + 0.5]);
  const suspects = [0, -0, -1, 0.5, 1.5, 2 ** 31, -(2 ** 31) - 1, 2 ** 32, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, Number.MIN_SAFE_INTEGER, 1e308, -1e308, Number.MIN_VALUE, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  return fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...near, ...suspects).map(tagged('number at or past its bounds')) },
    { weight: 1, arbitrary: (integer ? fc.double({ noInteger: true }) : fc.double()).map(tagged(integer ? 'fraction for an integer' : 'any double')) },
    { weight: 1, arbitrary: fc.integer().map((value) => ({ value: String(value), kind: 'number as a string' })) },
  );
}

const SAMPLES_BY_TYPE: ReadonlyArray<readonly [string, unknown]> = [
  ['null', null],
  ['boolean', true],
  ['boolean', false],
  ['integer', 0],
  ['integer', -1],
  ['number', 1.5],
  ['string', ''],
  ['string', FUZZ_MARKER],
  ['string', 'true'],
  ['array', []],
  ['array', [null]],
  ['object', {}],
  ['object', { [FUZZ_MARKER]: 1 }],
];

/** A value of another JSON type than `types` (any type when `types` is empty), sometimes deep or long. */
export function wrongTypeArbitrary(types: readonly string[]): fc.Arbitrary<Hostile> {
  const others = SAMPLES_BY_TYPE.filter(([type]) => !types.includes(type) && !(type === 'integer' && types.includes('number'))).map(([, value]) => value);
  return fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...others).map((value) => ({ value: structuredClone(value), kind: 'wrong type' })) },
    { weight: 1, arbitrary: deeplyNestedArbitrary.map(tagged('deeply nested value')) },
    { weight: 1, arbitrary: fc.integer({ min: 1000, max: 50_000 }).map((length) => ({ value: Array.from({ length }, (_, index) => index), kind: 'very long array' })) },
  );
}

/** Whole arguments that are not an object. */
export const notAnObjectArbitrary: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom<unknown>(null, true, 0, -1, 1.5, '', FUZZ_MARKER, '{}', []).map((value) => structuredClone(value)) },
  { weight: 2, arbitrary: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }) },
  { weight: 1, arbitrary: deeplyNestedArbitrary },
);
