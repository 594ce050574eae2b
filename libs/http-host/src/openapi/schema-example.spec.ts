import { describe, expect, it } from '@jest/globals';
import { exampleOf } from './schema-example.js';

describe('exampleOf', () => {
  it("uses the schema's own example, const, default or first enum value", () => {
    expect(exampleOf({ type: 'string', examples: ['alpine:3'] })).toBe('alpine:3');
    expect(exampleOf({ const: true })).toBe(true);
    expect(exampleOf({ type: 'integer', default: 600 })).toBe(600);
    expect(exampleOf({ type: 'string', enum: ['none', 'bridge'] })).toBe('none');
  });

  it('gives objects their required fields only, lists one item, tuples each', () => {
    const schema = {
      type: 'object',
      properties: { image: { type: 'string' }, commands: { type: 'array', items: { type: 'string' } }, pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer', minimum: 1 }] }, env: { type: 'object' } },
      required: ['image', 'commands', 'pair'],
    };
    expect(exampleOf(schema)).toEqual({ image: 'string', commands: ['string'], pair: ['string', 1] });
  });

  it('prefers the non-null branch, follows $refs, and stops on recursion', () => {
    expect(exampleOf({ anyOf: [{ type: 'null' }, { type: 'boolean' }] })).toBe(false);
    expect(exampleOf({ type: ['null', 'number'], exclusiveMinimum: 0 })).toBe(1);
    const node = { type: 'object', properties: { next: { $ref: '#/node' } }, required: ['next'] };
    let depth = 0;
    const example = exampleOf(node, () => node) as Record<string, unknown>;
    for (let at: unknown = example; at !== null; at = (at as Record<string, unknown>).next) depth++;
    expect(depth).toBeGreaterThan(1);
    expect(depth).toBeLessThan(20);
  });

  it('fits strings to formats and lengths', () => {
    expect(exampleOf({ type: 'string', format: 'date-time' })).toBe('2025-01-01T00:00:00Z');
    expect(exampleOf({ type: 'string', minLength: 8 })).toBe('stringxx');
    expect(exampleOf({ type: 'string', maxLength: 3 })).toBe('str');
  });
});
