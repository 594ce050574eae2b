export { createRandom, deriveSeed, type Random } from './random.js';
export { CORE_HOSTILE_STRINGS, FUZZ_MARKER, HOSTILE_STRINGS, HUGE_STRING, hostileString, hostileNumber, hostileKey, deeplyNested, wrongTypeValue } from './hostile-values.js';
export { PLAUSIBLE_STRINGS, fuzzArguments, sweepArguments, type FuzzCase, type FuzzHint, type FuzzOptions, type JsonSchemaNode } from './fuzz-arguments.js';
export { describeValue } from './describe-value.js';
export { DEFAULT_FUZZ_SEED, fuzzSeed, makeFuzzHome, type FuzzHome } from './fuzz-home.js';
export { FIXTURE_JOB, FIXTURE_SANDBOXES, prepareFuzzFixtures, type FuzzFixtureHarness } from './fuzz-fixtures.js';
export { absentPaths, createdPaths, markedEntries, watchedDirectories } from './stray-writes.js';
export { envelopeProblems, outcomeCode, outcomeProblems, replyBudgetFor } from './outcome-checks.js';
