import { CORE_HOSTILE_STRINGS, FUZZ_MARKER, deeplyNested, hostileKey, hostileNumber, hostileString, wrongTypeValue } from './hostile-values.js';
import { createRandom, deriveSeed, type Random } from './random.js';

/** The part of JSON Schema (draft-07) that tool input schemas use. */
export interface JsonSchemaNode {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchemaNode>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchemaNode;
  readonly propertyNames?: JsonSchemaNode;
  readonly items?: JsonSchemaNode;
  readonly anyOf?: readonly JsonSchemaNode[];
  readonly oneOf?: readonly JsonSchemaNode[];
  readonly allOf?: readonly JsonSchemaNode[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly default?: unknown;
  /** OpenAPI 3.0's way of saying `null` is accepted too. */
  readonly nullable?: boolean;
}

/** Options of {@link fuzzArguments}. */
export interface FuzzOptions {
  /**
   * Extra plausible strings (e.g. a directory the test allows, a real container name), tried first wherever a
   * string must match a pattern or length, so that more cases get past validation and reach the tool.
   */
  readonly strings?: readonly string[];
  /**
   * Values known to mean something to the tool, by property name (e.g. `template: ['web-dev']`, `directory: [an
   * allowed directory]`): valid cases use them most of the time, and hostile strings are often appended to them as
   * a path, so that hostile input gets past the first checks to the file system or the engine. A function makes
   * a fresh value each time (e.g. a name not taken yet).
   */
  readonly hints?: Readonly<Record<string, FuzzHint>>;
}

/** Values for one property name: a list to pick from, or a maker of fresh values. */
export type FuzzHint = readonly unknown[] | ((random: Random) => unknown);

/** One generated case: the arguments and what was done to them (for a failure message). */
export interface FuzzCase {
  readonly seed: number;
  readonly args: unknown;
  readonly mutations: readonly string[];
}

/** Strings that mean something to some tool (templates, images, times, sizes), tried where a string fits them. */
export const PLAUSIBLE_STRINGS: readonly string[] = [
  FUZZ_MARKER,
  `${FUZZ_MARKER}-1`,
  'a',
  'web-dev',
  'python-ml',
  'api-testing',
  'frontend',
  'orcaops-test/busybox:latest',
  'echo hi',
  '2024-05-01T12:00:00Z',
  '2024-05-01',
  '127.0.0.1',
  '/workspace',
  'key=value',
  '10m',
  '512m',
  'FOO',
  'org.orcaops.managed=true',
];

interface Site {
  readonly path: ReadonlyArray<string | number>;
  readonly schema: JsonSchemaNode;
}

/**
 * Hostile arguments for a tool from its published input schema: mostly valid-shaped values with one to three
 * sites replaced (hostile strings, boundary numbers, wrong types, missing required or extra keys, deep nesting,
 * empty or very long lists), sometimes wholly valid, sometimes not an object at all. The same seed always gives
 * the same case.
 */
export function fuzzArguments(schema: JsonSchemaNode, seed: number, options: FuzzOptions = {}): FuzzCase {
  const random = createRandom(seed);
  const generator = new Generator(random, [...(options.strings ?? []), ...PLAUSIBLE_STRINGS], options.hints ?? {});
  if (random.chance(0.03)) return { seed, args: wrongTypeValue(random), mutations: ['arguments: not an object'] };
  const sites: Site[] = [];
  const args = generator.valid(schema, [], sites);
  const count = random.chance(0.1) ? 0 : random.chance(0.7) ? 1 : random.int(2, 3);
  const mutations: string[] = [];
  let current = args;
  for (let index = 0; index < count && sites.length > 0; index++) {
    const site = random.pick(sites);
    const { value, description } = generator.mutate(site.schema, valueAt(current, site.path), site.path);
    current = setAt(current, site.path, value);
    mutations.push(`${site.path.join('.') || '(arguments)'}: ${description}`);
  }
  return { seed, args: current, mutations };
}

/**
 * The `index`-th case of a sweep: all fields present and valid but one string, which is one of
 * {@link CORE_HOSTILE_STRINGS}, alone or (every other case) after a hinted value as a path. Successive indexes go
 * through every string field first, then the next hostile string, so that each field meets each class early
 * instead of by chance. Use one seed for a whole sweep: the seed fixes the valid values around the hostile one.
 */
export function sweepArguments(schema: JsonSchemaNode, seed: number, index: number, options: FuzzOptions = {}): FuzzCase {
  // The seed fixes the structure; each case draws its hinted values afresh (e.g. a name not taken yet).
  const generator = new Generator(createRandom(seed), [...(options.strings ?? []), ...PLAUSIBLE_STRINGS], options.hints ?? {}, createRandom(deriveSeed(seed, index)));
  const sites: Site[] = [];
  const args = generator.valid(schema, [], sites);
  const strings = uniqueByPath(sites.filter((site) => typeOf(site.schema) === 'string' && !site.schema.enum && site.schema.const === undefined));
  if (strings.length === 0) return fuzzArguments(schema, seed, options);
  const site = strings[index % strings.length]!;
  const variant = Math.floor(index / strings.length);
  const hostile = CORE_HOSTILE_STRINGS[Math.floor(variant / 2) % CORE_HOSTILE_STRINGS.length]!;
  const prefix = variant % 2 === 1 ? generator.hinted(site.path) : undefined;
  const value = typeof prefix === 'string' ? `${prefix}/${hostile}` : hostile;
  return { seed, args: setAt(args, site.path, value), mutations: [`${site.path.join('.')}: swept ${typeof prefix === 'string' ? 'hint + ' : ''}hostile string`] };
}

function uniqueByPath(sites: readonly Site[]): Site[] {
  const seen = new Set<string>();
  return sites.filter((site) => {
    const key = JSON.stringify(site.path);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

class Generator {
  constructor(
    private readonly random: Random,
    private readonly strings: readonly string[],
    private readonly hints: Readonly<Record<string, FuzzHint>>,
    /** Set for a sweep: every optional property present, lists of one item, hints from this source. */
    private readonly sweep?: Random,
  ) {}

  /** Every optional property present (a sweep reaches every field). */
  private get allFields(): boolean {
    return this.sweep !== undefined;
  }

  /** A hinted value for the property at `path`, if the caller gave any. */
  hinted(path: ReadonlyArray<string | number>): unknown {
    return this.hintFor(path)?.();
  }

  /** A value `schema` accepts (as far as this subset can tell), recording every generated node as a site. */
  valid(schema: JsonSchemaNode, path: ReadonlyArray<string | number>, sites: Site[]): unknown {
    sites.push({ path, schema });
    const { random } = this;
    const hint = this.hintFor(path);
    if (hint && (this.allFields || random.chance(0.7))) return hint();
    if (schema.const !== undefined) return schema.const;
    if (schema.enum && schema.enum.length > 0) return random.pick(schema.enum);
    const options = schema.anyOf ?? schema.oneOf;
    if (options && options.length > 0) {
      // The chosen option's own nodes are sites too, but under the same path.
      return this.valid(random.pick(options), path, sites);
    }
    if (schema.allOf && schema.allOf.length > 0) return this.valid(schema.allOf[0]!, path, sites);
    switch (typeOf(schema)) {
      case 'string':
        return this.plausibleString(schema);
      case 'integer':
        return this.number(schema, true);
      case 'number':
        return this.number(schema, false);
      case 'boolean':
        return random.chance(0.5);
      case 'null':
        return null;
      case 'array': {
        const min = schema.minItems ?? 0;
        const max = Math.min(schema.maxItems ?? min + 3, min + 3);
        // A sweep keeps lists short and their length fixed, so that its fields are the same in every case.
        const length = this.allFields ? Math.max(min, Math.min(1, schema.maxItems ?? 1)) : random.int(min, Math.max(min, max));
        return Array.from({ length }, (_, index) => (schema.items ? this.valid(schema.items, [...path, index], sites) : FUZZ_MARKER));
      }
      case 'object':
        return this.object(schema, path, sites);
      default:
        return FUZZ_MARKER;
    }
  }

  /** A hostile replacement for a value of `schema`, and what it is. */
  mutate(schema: JsonSchemaNode, current: unknown, path: ReadonlyArray<string | number>): { value: unknown; description: string } {
    const { random } = this;
    const kind = typeOf(schema);
    if (random.chance(0.2)) return { value: wrongTypeValue(random), description: 'wrong type' };
    if (kind === 'string' || schema.enum) {
      const prefix = this.hintFor(path)?.();
      if (typeof prefix === 'string' && random.chance(0.5)) return { value: `${prefix}/${hostileString(random)}`, description: 'hint + hostile string' };
      return { value: hostileString(random), description: 'hostile string' };
    }
    if (kind === 'integer' || kind === 'number') {
      return random.chance(0.8)
        ? { value: hostileNumber(random, { min: schema.minimum ?? schema.exclusiveMinimum, max: schema.maximum ?? schema.exclusiveMaximum }), description: 'boundary number' }
        : { value: String(current), description: 'number as string' };
    }
    if (kind === 'array') {
      return random.pick<() => { value: unknown; description: string }>([
        () => ({ value: [], description: 'empty array' }),
        () => {
          const item = Array.isArray(current) && current.length > 0 ? current[0] : FUZZ_MARKER;
          return { value: Array.from({ length: random.int(1000, 50_000) }, () => item), description: 'very long array' };
        },
        () => ({ value: Array.from({ length: random.int(1, 5) }, () => hostileString(random)), description: 'array of hostile strings' }),
        () => ({ value: [deeplyNested(random, random.int(50, 2000))], description: 'deeply nested item' }),
      ])();
    }
    if (kind === 'object' && isPlainObject(current)) return this.mutateObject(schema, current);
    return { value: wrongTypeValue(random), description: 'wrong type' };
  }

  private mutateObject(schema: JsonSchemaNode, current: Record<string, unknown>): { value: unknown; description: string } {
    const { random } = this;
    const required = (schema.required ?? []).filter((key) => key in current);
    const record = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    const choices: Array<() => { value: unknown; description: string }> = [
      () => ({ value: {}, description: 'empty object' }),
      () => ({ value: { ...current, [hostileKey(random)]: hostileString(random) }, description: 'extra key' }),
      () => ({ value: { ...current, [FUZZ_MARKER]: deeplyNested(random, random.int(50, 2000)) }, description: 'deeply nested extra key' }),
    ];
    if (required.length > 0) {
      choices.push(() => {
        const key = random.pick(required);
        const { [key]: _dropped, ...rest } = current;
        return { value: rest, description: `missing required ${key}` };
      });
    }
    if (record) {
      choices.push(
        () => ({ value: { ...current, [hostileString(random)]: this.valid(record, [], []) }, description: 'hostile record key' }),
        () => ({ value: { ...current, [`${FUZZ_MARKER}_key`]: hostileString(random) }, description: 'hostile record value' }),
        () => ({
          value: Object.fromEntries(Array.from({ length: random.int(500, 5000) }, (_, index) => [`K${index}_${FUZZ_MARKER}`, this.valid(record, [], [])])),
          description: 'many record keys',
        }),
      );
    }
    return random.pick(choices)();
  }

  /** A maker of hinted values for the property at `path`, if the caller gave any. */
  private hintFor(path: ReadonlyArray<string | number>): (() => unknown) | undefined {
    const key = path.findLast((part): part is string => typeof part === 'string');
    const hint = key !== undefined && Object.hasOwn(this.hints, key) ? this.hints[key] : undefined;
    const random = this.sweep ?? this.random;
    if (typeof hint === 'function') return () => hint(random);
    return hint && hint.length > 0 ? () => random.pick(hint) : undefined;
  }

  private object(schema: JsonSchemaNode, path: ReadonlyArray<string | number>, sites: Site[]): Record<string, unknown> {
    const { random } = this;
    const required = new Set(schema.required ?? []);
    const result: Record<string, unknown> = {};
    for (const [key, property] of Object.entries(schema.properties ?? {})) {
      // Optional fields often present, so that they are fuzzed too.
      if (required.has(key) || this.allFields || random.chance(0.6)) result[key] = this.valid(property, [...path, key], sites);
    }
    const record = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    if (record) {
      const keys = schema.propertyNames ? this.plausibleStrings(schema.propertyNames) : [FUZZ_MARKER];
      for (let count = random.int(0, 2); count > 0; count--) {
        const key = random.pick(keys.length > 0 ? keys : [FUZZ_MARKER]);
        result[key] = this.valid(record, [...path, key], sites);
      }
    }
    return result;
  }

  private plausibleString(schema: JsonSchemaNode): string {
    const candidates = this.plausibleStrings(schema);
    if (candidates.length > 0) return this.random.pick(candidates);
    return 'a'.repeat(Math.max(1, schema.minLength ?? 1));
  }

  private plausibleStrings(schema: JsonSchemaNode): string[] {
    const pattern = compile(schema.pattern);
    return this.strings.filter(
      (text) =>
        text.length >= (schema.minLength ?? 0) &&
        text.length <= (schema.maxLength ?? Infinity) &&
        (!pattern || pattern.test(text)) &&
        (schema.format !== 'date-time' || !Number.isNaN(Date.parse(text))),
    );
  }

  private number(schema: JsonSchemaNode, integer: boolean): number {
    const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + (integer ? 1 : 0.5) : 0);
    // Small values: a valid case should not ask for an hour's wait or a gigabyte.
    const max = Math.min(schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : min + 100), min + 100);
    const value = min + this.random.next() * (max - min);
    return integer ? Math.round(Math.min(max, Math.max(min, value))) : value;
  }
}

function typeOf(schema: JsonSchemaNode): string | undefined {
  if (Array.isArray(schema.type)) return schema.type[0];
  if (typeof schema.type === 'string') return schema.type;
  if (schema.properties || schema.additionalProperties !== undefined) return 'object';
  if (schema.items) return 'array';
  return undefined;
}

function compile(pattern: string | undefined): RegExp | null {
  if (pattern === undefined) return null;
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return new RegExp(pattern);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function valueAt(root: unknown, path: ReadonlyArray<string | number>): unknown {
  let current = root;
  for (const key of path) current = isPlainObject(current) || Array.isArray(current) ? (current as Record<string | number, unknown>)[key] : undefined;
  return current;
}

/** `root` with the value at `path` replaced; a path a previous mutation removed is created again. */
function setAt(root: unknown, path: ReadonlyArray<string | number>, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const copy: unknown[] | Record<string, unknown> = Array.isArray(root) ? [...root] : isPlainObject(root) ? { ...root } : typeof head === 'number' ? [] : {};
  const container = copy as Record<string | number, unknown>;
  // defineProperty: a hostile key such as __proto__ must become an own property, not the prototype.
  Object.defineProperty(container, head!, { value: setAt(container[head!], rest, value), enumerable: true, writable: true, configurable: true });
  return container;
}
