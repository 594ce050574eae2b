import * as fc from 'fast-check';
import type { JsonSchemaNode } from '../schema-fuzz/fuzz-arguments.js';
import { describeValue } from '../schema-fuzz/describe-value.js';
import { notAnObjectArbitrary } from './hostile-arbitraries.js';
import { mutatedArbitrary } from './mutated-arbitrary.js';
import { validArbitrary, type ArbitraryOptions } from './valid-arbitrary.js';

/** One generated call: the arguments, and the mutation made to them (null when they are valid by the schema). */
export interface FuzzCall {
  readonly args: unknown;
  readonly mutation: string | null;
  /** How fast-check prints the case: short (a 5 MiB string is said, not shown), with the mutation. */
  [fc.toStringMethod](): string;
}

/** Options of {@link fuzzCallArbitrary}. */
export interface FuzzCallOptions extends ArbitraryOptions {
  /** Percent of calls left valid by the schema (default 70); 2 % are not even an object; the rest are mutated. */
  readonly validPercent?: number;
}

/**
 * Arguments for a tool from its input JSON Schema, as fast-check cases: mostly valid (so calls get past
 * validation into the tool, hinted values included), the rest with one site mutated ({@link mutatedArbitrary}),
 * a few not an object at all. Shrinks a failing case towards the smallest arguments that still fail.
 */
export function fuzzCallArbitrary(schema: JsonSchemaNode, options: FuzzCallOptions = {}): fc.Arbitrary<FuzzCall> {
  const valid = Math.max(0, Math.min(98, options.validPercent ?? 70));
  return fc.oneof(
    { weight: valid, arbitrary: validArbitrary(schema, options).map((args) => fuzzCall(args, null)) },
    { weight: 98 - valid, arbitrary: mutatedArbitrary(schema, options).map((mutation) => fuzzCall(mutation.value, mutation.what)) },
    { weight: 2, arbitrary: notAnObjectArbitrary.map((args) => fuzzCall(args, 'arguments: not an object')) },
  );
}

function fuzzCall(args: unknown, mutation: string | null): FuzzCall {
  return { args, mutation, [fc.toStringMethod]: () => `${describeValue(args, 600)} [${mutation ?? 'valid by the schema'}]` };
}
