import { describe, expect, it } from '@jest/globals';
import { describeValue } from './describe-value.js';
import { fuzzArguments, sweepArguments, type JsonSchemaNode } from './fuzz-arguments.js';
import { CORE_HOSTILE_STRINGS, HUGE_STRING } from './hostile-values.js';
import { createRandom, deriveSeed } from './random.js';

const schema: JsonSchemaNode = {
  type: 'object',
  properties: {
    name: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,30}$' },
    directory: { type: 'string', minLength: 1 },
    count: { type: 'integer', minimum: 1, maximum: 10 },
    mode: { type: 'string', enum: ['fast', 'slow'] },
    tags: { type: 'array', items: { type: 'string' }, maxItems: 5 },
  },
  required: ['name'],
  additionalProperties: false,
};

describe('fuzzArguments', () => {
  it('gives the same case for the same seed and other cases for other seeds', () => {
    const cases = (base: number) => Array.from({ length: 30 }, (_, index) => describeValue(fuzzArguments(schema, deriveSeed(base, 'tool', index)).args));
    expect(cases(1)).toEqual(cases(1));
    expect(cases(1)).not.toEqual(cases(2));
  });

  it('makes valid-shaped arguments with a few sites mutated, and says which', () => {
    const all = Array.from({ length: 400 }, (_, index) => fuzzArguments(schema, deriveSeed(3, index)));
    const valid = all.filter((fuzzCase) => fuzzCase.mutations.length === 0);
    expect(valid.length).toBeGreaterThan(10);
    for (const { args } of valid) {
      const value = args as Record<string, unknown>;
      expect(value['name']).toMatch(/^[a-z][a-z0-9-]{0,30}$/);
      if ('count' in value) expect(value['count']).toEqual(expect.any(Number));
    }
    const mutations = all.flatMap((fuzzCase) => fuzzCase.mutations).join('\n');
    for (const kind of ['hostile string', 'boundary number', 'wrong type', 'missing required name', 'extra key', 'empty array', 'very long array']) expect(mutations).toContain(kind);
  });

  it('uses hints by property name, fresh ones from a function', () => {
    let made = 0;
    const names = Array.from({ length: 50 }, (_, index) => (fuzzArguments(schema, index, { hints: { directory: () => `/allowed/${made++}` } }).args as Record<string, unknown>)?.['directory']);
    expect(names.filter((name) => typeof name === 'string' && name.startsWith('/allowed/')).length).toBeGreaterThan(10);
    expect(made).toBeGreaterThan(10);
  });

  it('puts a hostile key such as __proto__ as an own property and never touches a prototype', () => {
    for (let index = 0; index < 2000; index++) fuzzArguments(schema, deriveSeed(4, index));
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});

describe('sweepArguments', () => {
  it('meets every string field with every core hostile string, alone and after a hint, keeping the rest valid', () => {
    const seen = new Set<string>();
    // Three string fields (name, directory, tags.0 when present), two variants each.
    for (let index = 0; index < 3 * 2 * CORE_HOSTILE_STRINGS.length; index++) {
      const fuzzCase = sweepArguments(schema, 9, index, { hints: { directory: ['/allowed'] } });
      const args = fuzzCase.args as Record<string, unknown>;
      const [field] = fuzzCase.mutations[0]!.split(':');
      const value = field === 'tags.0' ? (args['tags'] as string[])[0] : args[field!];
      seen.add(`${field} ${value === HUGE_STRING ? 'HUGE' : String(value).slice(0, 40)}`);
      if (field !== 'name') expect(args['name']).toMatch(/^[a-z][a-z0-9-]{0,30}$/);
    }
    for (const hostile of CORE_HOSTILE_STRINGS) {
      const shown = hostile === HUGE_STRING ? 'HUGE' : hostile.slice(0, 40);
      expect(seen).toContain(`name ${shown}`);
      expect(seen).toContain(`directory ${shown}`);
      expect(seen).toContain(`directory ${`/allowed/${hostile}`.slice(0, 40)}`);
    }
  });
});

describe('createRandom and describeValue', () => {
  it('draws integers within bounds, repeatably', () => {
    const draw = (seed: number) => Array.from({ length: 1000 }, () => createRandom(seed)).map((random, index) => random.int(-index, index));
    expect(draw(5)).toEqual(draw(5));
    expect(draw(5).every((value, index) => value >= -index && value <= index)).toBe(true);
  });

  it('describes giant and deep values in a few hundred characters', () => {
    let deep: unknown = 'end';
    for (let level = 0; level < 10_000; level++) deep = [deep];
    const text = describeValue({ huge: HUGE_STRING, deep, list: Array.from({ length: 50_000 }, (_, index) => index), nul: '\u0000' });
    expect(text.length).toBeLessThanOrEqual(460);
    expect(text).toContain('(5242880 chars)');
    expect(text).toContain('(50000 items)');
    expect(text).toContain('nested');
    expect(text).toContain('"\\u0000"');
  });
});
