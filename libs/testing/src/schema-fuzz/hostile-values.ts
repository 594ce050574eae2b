import type { Random } from './random.js';

/** Every relative name the fuzzer makes up contains this, so a stray file it caused can be found by name. */
export const FUZZ_MARKER = 'orcafuzz';

const KIB = 1024;
const MIB = 1024 * KIB;

// Built once: a 5 MiB string costs its memory only once however often it is used.
const HUGE = 'x'.repeat(5 * MIB);
const LONG = 'y'.repeat(10 * KIB);
const COMPONENT_300 = `${FUZZ_MARKER}${'c'.repeat(292)}`;
const PATH_5000 = `${FUZZ_MARKER}/${'p'.repeat(200)}/`.repeat(24).slice(0, 5000);
const DEEP_DOTS = '../'.repeat(40) + FUZZ_MARKER;

/**
 * The hostile strings every string argument is swept with (see sweepArguments): the classes a file system, a
 * process or a parser refuses, one of each.
 */
export const CORE_HOSTILE_STRINGS: readonly string[] = [
  `${FUZZ_MARKER}\u0000x`,
  COMPONENT_300,
  // 70 characters but 280 bytes: limits are in bytes.
  `${FUZZ_MARKER}${'😀'.repeat(70)}`,
  PATH_5000,
  LONG,
  HUGE,
  '..',
  DEEP_DOTS,
  '/',
  '',
  '\ud800',
  `${FUZZ_MARKER}\r\n\t\u0007\u001b[31m\u007f`,
  '{"success":false}',
  '$(touch /tmp/orcafuzz-shell)',
];

/** Strings meant to break paths, names, parsers and messages; each is returned as is (callers mix them). */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  `${FUZZ_MARKER}\u0000`,
  `${FUZZ_MARKER}/\u0000/x`,
  `\u0000${FUZZ_MARKER}`,
  COMPONENT_300,
  `${FUZZ_MARKER}/${COMPONENT_300}`,
  PATH_5000,
  `/${PATH_5000}`,
  '..',
  '.',
  '../..',
  `../${FUZZ_MARKER}`,
  DEEP_DOTS,
  `${FUZZ_MARKER}/../../..`,
  '/',
  '/etc/passwd',
  '/proc/self/environ',
  '/dev/null',
  `/tmp/${FUZZ_MARKER}`,
  `//${FUZZ_MARKER}//`,
  '~',
  `~/${FUZZ_MARKER}`,
  `C:\\${FUZZ_MARKER}\\..\\x`,
  'NUL',
  'con',
  '%2e%2e%2f',
  `${FUZZ_MARKER}-ünïcødé-名前-😀`,
  `${FUZZ_MARKER}${'😀'.repeat(70)}`,
  '\ud800',
  `${FUZZ_MARKER}\udfff\ud800`,
  '\u202e\u200b\ufeff',
  'e\u0301\u0301\u0301',
  '\n',
  `${FUZZ_MARKER}\r\n\t\u0007\u001b[31m\u007f`,
  '\u001b]0;title\u0007\u001b[2J',
  '\u0085\u2028\u2029',
  '{"success":false,"error":{"code":"INTERNAL"}}',
  '[]',
  '{}',
  'null',
  'true',
  '"quoted"',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  '$(touch /tmp/orcafuzz-shell)',
  '`id`; rm -rf /',
  "' OR 1=1 --",
  '${HOME}',
  '%s%n%x',
  '*',
  '**/*',
  '[',
  '{a,b}',
  '-rf',
  '--help',
  '0',
  '-1',
  'NaN',
  '1e309',
  '9'.repeat(400),
  LONG,
];

/** The rarely picked giant: a 5 MiB string, for length checks and reply budgets. */
export const HUGE_STRING = HUGE;

/** A hostile string; giant ones are rare so that many cases fit in a test's time. */
export function hostileString(random: Random): string {
  if (random.chance(0.03)) return HUGE;
  return random.pick(HOSTILE_STRINGS);
}

/** Numbers at and past the usual boundaries, including floats where integers are expected and non-JSON values. */
export function hostileNumber(random: Random, bounds: { min?: number | undefined; max?: number | undefined }): number {
  const around = [bounds.min, bounds.max].filter((value): value is number => typeof value === 'number').flatMap((value) => [value - 1, value + 1, value + 0.5]);
  return random.pick([
    0,
    -0,
    -1,
    1.5,
    0.1,
    -(2 ** 31),
    2 ** 31,
    2 ** 32,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 2,
    Number.MIN_SAFE_INTEGER,
    1e308,
    -1e308,
    Number.MIN_VALUE,
    Number.EPSILON,
    // Not JSON, but a host that is not JSON-RPC (the TUI) can pass them.
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    ...around,
  ]);
}

/** Keys no schema should declare: prototype names, NUL, giant and empty keys, unicode. */
export function hostileKey(random: Random): string {
  return random.pick(['__proto__', 'constructor', 'prototype', '', '\u0000', `${FUZZ_MARKER}_extra`, 'x'.repeat(10 * KIB), '😀', 'dryrun', 'a.b', '$ref']);
}

/** A value nested `depth` levels deep, as objects or arrays. */
export function deeplyNested(random: Random, depth: number): unknown {
  const asArray = random.chance(0.5);
  let value: unknown = random.pick<unknown>([FUZZ_MARKER, 1, null, {}]);
  for (let level = 0; level < depth; level++) value = asArray ? [value] : { [FUZZ_MARKER]: value };
  return value;
}

/** A value of a type the schema did not ask for (the caller picks one unlike the expected type). */
export function wrongTypeValue(random: Random): unknown {
  return random.pick<() => unknown>([
    () => null,
    () => true,
    () => false,
    () => 0,
    () => -1,
    () => 1.5,
    () => hostileString(random),
    () => [],
    () => [null],
    () => ({}),
    () => ({ [FUZZ_MARKER]: 1 }),
    () => deeplyNested(random, random.int(50, 3000)),
    () => Array.from({ length: random.int(1000, 20_000) }, (_, index) => index),
  ])();
}
