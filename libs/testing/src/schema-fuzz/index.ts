export { createRandom, deriveSeed, type Random } from './random.js';
export { CORE_HOSTILE_STRINGS, FUZZ_MARKER, HOSTILE_STRINGS, HUGE_STRING, hostileString, hostileNumber, hostileKey, deeplyNested, wrongTypeValue } from './hostile-values.js';
export { fuzzArguments, sweepArguments, type FuzzCase, type FuzzHint, type FuzzOptions, type JsonSchemaNode } from './fuzz-arguments.js';
export { describeValue } from './describe-value.js';
