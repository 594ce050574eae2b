import { describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import * as fc from 'fast-check';
import type { JsonSchemaNode } from '../schema-fuzz/fuzz-arguments.js';
import { fuzzCallArbitrary } from './fuzz-call.js';
import { mutatedArbitrary } from './mutated-arbitrary.js';
import { validArbitrary } from './valid-arbitrary.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** Every keyword the generator reads, as tool input schemas use them. */
const schema: JsonSchemaNode = {
  type: 'object',
  properties: {
    name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$' },
    directory: { type: 'string', minLength: 1, maxLength: 4096 },
    since: { type: 'string', format: 'date-time' },
    bind_address: { type: 'string', format: 'ipv4' },
    mode: { type: 'string', enum: ['fast', 'slow'], default: 'fast' },
    kind: { const: 'job' },
    count: { type: 'integer', minimum: 1, maximum: 10 },
    cpus: { type: 'number', exclusiveMinimum: 0, maximum: 256 },
    offset: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
    dry_run: { type: 'boolean', default: false },
    note: { type: 'string', nullable: true },
    either: { type: ['string', 'integer'] },
    commands: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      items: { anyOf: [{ type: 'string', minLength: 1 }, { type: 'object', properties: { command: { type: 'string', minLength: 1 }, timeout_seconds: { type: 'integer', minimum: 1 } }, required: ['command'], additionalProperties: false }] },
    },
    env: { type: 'object', propertyNames: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }, additionalProperties: { type: 'string' } },
    choice: { oneOf: [{ type: 'boolean' }, { type: 'null' }] },
  },
  required: ['name', 'commands'],
  additionalProperties: false,
};

// `nullable` is OpenAPI's: plain JSON Schema says it with a type list.
const { note: _note, ...plainProperties } = schema.properties!;
const ajv = new Ajv({ strict: false });
addFormats(ajv);
const validate = ajv.compile({ ...schema, properties: { ...plainProperties, note: { type: ['string', 'null'] } } });

describe('validArbitrary', () => {
  it('makes only values the schema accepts, over every keyword', () => {
    const values = fc.sample(validArbitrary(schema, { strings: ['/tmp/work'] }), { numRuns: 500, seed: 1 });
    const refused = values.filter((value) => !validate(value));
    expect(refused.slice(0, 3)).toEqual([]);
    // Optional properties come and go; each is seen.
    for (const key of Object.keys(schema.properties!)) expect(values.some((value) => Object.hasOwn(value as object, key))).toBe(true);
    // Hostile strings the schema admits are among the valid ones, and so are strings as long as allowed.
    const directories = values.map((value) => (value as { directory?: string }).directory).filter((value): value is string => value !== undefined);
    expect(directories.some((value) => /\u0000|\.\./.test(value))).toBe(true);
    expect(directories.some((value) => value.length === 4096)).toBe(true);
  });

  it('uses hints by property name most of the time, fresh ones from a function', () => {
    const values = fc.sample(validArbitrary(schema, { hints: { name: ['orcafuzz-created'], directory: (random) => `/tmp/work/orcafuzz-${random.int(0, 9)}` } }), { numRuns: 200, seed: 2 }) as Array<{ name: string; directory?: string }>;
    expect(values.filter((value) => value.name === 'orcafuzz-created').length).toBeGreaterThan(100);
    expect(new Set(values.map((value) => value.directory).filter((value) => value?.startsWith('/tmp/work/orcafuzz-'))).size).toBeGreaterThan(3);
  });
});

describe('mutatedArbitrary', () => {
  it('breaks one site of a valid value in every way it knows, and says which and how', () => {
    const mutations = fc.sample(mutatedArbitrary(schema), { numRuns: 3000, seed: 3 });
    // A mutation is often still valid (a hostile string where any string goes); most are not.
    expect(mutations.filter((mutation) => validate(mutation.value)).length).toBeLessThan(mutations.length / 3);
    const said = mutations.map((mutation) => mutation.what).join('\n');
    for (const kind of [
      'name: hostile string',
      'directory: path traversal',
      'control characters',
      'lone surrogates',
      'long unicode',
      'directory: one past maxLength',
      'count: number at or past its bounds',
      'count: fraction for an integer',
      'number as a string',
      'mode: near-miss enum value',
      'wrong type',
      'deeply nested value',
      '(arguments): missing required commands',
      '(arguments): extra key "__proto__"',
      '(arguments): look-alike key',
      'commands: empty list',
      'commands: very long list',
      'commands: one past maxItems',
      'commands.[].command: ',
      'env: hostile record key',
      'env: many record keys',
      'env.*: ',
    ]) {
      expect([kind, said.includes(kind)]).toEqual([kind, true]);
    }
  });

  it('makes `__proto__` an own key, not the prototype', () => {
    const mutation = fc.sample(mutatedArbitrary(schema), { numRuns: 3000, seed: 3 }).find((candidate) => candidate.what.includes('extra key "__proto__"'));
    expect(Object.getPrototypeOf(mutation!.value)).toBe(Object.prototype);
    expect(Object.hasOwn(mutation!.value as object, '__proto__')).toBe(true);
  });
});

describe('fuzzCallArbitrary', () => {
  it('gives the same calls for the same seed, mostly valid ones, each printed short with its mutation', () => {
    const calls = (seed: number) => fc.sample(fuzzCallArbitrary(schema), { numRuns: 400, seed });
    const printed = (seed: number) => calls(seed).map((call) => fc.stringify(call));
    expect(printed(4)).toEqual(printed(4));
    expect(printed(4)).not.toEqual(printed(5));
    const sample = calls(4);
    const valid = sample.filter((call) => call.mutation === null);
    expect(valid.length).toBeGreaterThan(240);
    expect(valid.length).toBeLessThan(320);
    expect(valid.every((call) => validate(call.args))).toBe(true);
    expect(sample.some((call) => call.mutation === 'arguments: not an object')).toBe(true);
    expect(printed(4).every((text) => text.length < 1000 && /\[(valid by the schema|.+: .+)\]$/.test(text))).toBe(true);
  });
});
