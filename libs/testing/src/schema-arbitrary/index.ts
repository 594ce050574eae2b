export { validArbitrary, plainArbitrary, stringArbitrary, type ArbitraryOptions, type SchemaPath } from './valid-arbitrary.js';
export { mutatedArbitrary, type Mutation } from './mutated-arbitrary.js';
export { controlCharacters, deeplyNestedArbitrary, hostileKeyArbitrary, hostileNumberArbitrary, hostileStringArbitrary, longUnicode, loneSurrogates, notAnObjectArbitrary, pathTraversal, wrongTypeArbitrary, type Hostile } from './hostile-arbitraries.js';
export { fuzzCallArbitrary, type FuzzCall, type FuzzCallOptions } from './fuzz-call.js';
export { describePropertyReport, fuzzToolProperty, type CallAnswer, type PropertyFuzzOptions, type PropertyFuzzReport } from './property-run.js';
