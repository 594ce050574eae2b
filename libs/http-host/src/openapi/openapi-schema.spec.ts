import { describe, expect, it } from '@jest/globals';
import type { JsonSchema } from './openapi-types.js';
import { componentName, toOpenApiSchema } from './openapi-schema.js';

describe('toOpenApiSchema', () => {
  it('drops $schema and keeps additionalProperties, formats and defaults', () => {
    const components: Record<string, JsonSchema> = {};
    const schema = { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { at: { type: 'string', format: 'date-time', default: 'now' } }, additionalProperties: false };
    expect(toOpenApiSchema(schema, 'tool_input', components)).toEqual({ type: 'object', properties: { at: { type: 'string', format: 'date-time', default: 'now' } }, additionalProperties: false });
    expect(components).toEqual({});
  });

  it('moves definitions to components and points $refs (to them and to the root) there', () => {
    const components: Record<string, JsonSchema> = {};
    const schema = {
      type: 'object',
      properties: { node: { $ref: '#/definitions/__schema0' }, again: { $ref: '#' } },
      definitions: { __schema0: { type: 'object', properties: { next: { $ref: '#/definitions/__schema0' } } } },
    };
    const converted = toOpenApiSchema(schema, 'acme_do_thing_input', components);
    expect(converted).toEqual({
      type: 'object',
      properties: { node: { $ref: '#/components/schemas/acme_do_thing_input___schema0' }, again: { $ref: '#/components/schemas/acme_do_thing_input' } },
    });
    expect(components).toEqual({
      acme_do_thing_input___schema0: { type: 'object', properties: { next: { $ref: '#/components/schemas/acme_do_thing_input___schema0' } } },
      acme_do_thing_input: converted,
    });
  });

  it('writes draft-07 tuples and dependencies the 2020-12 way', () => {
    const schema = {
      type: 'object',
      properties: {
        pair: { type: 'array', items: [{ type: 'string' }, { type: 'number' }], additionalItems: false },
        list: { type: 'array', items: { type: 'string' }, additionalItems: false },
      },
      dependencies: { a: ['b'], c: { required: ['d'] } },
    };
    expect(toOpenApiSchema(schema, 'x', {})).toEqual({
      type: 'object',
      properties: {
        pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }], items: false },
        list: { type: 'array', items: { type: 'string' } },
      },
      dependentRequired: { a: ['b'] },
      dependentSchemas: { c: { required: ['d'] } },
    });
  });

  it('cuts every description to 700 characters, however deep, but not data that looks like one', () => {
    const long = 'word '.repeat(300);
    const schema = {
      type: 'object',
      description: long,
      properties: { description: { type: 'string', description: long, default: long }, list: { type: 'array', items: { anyOf: [{ type: 'string', description: long }] } } },
    };
    const converted = toOpenApiSchema(schema, 'x', {});
    const text = JSON.stringify(converted);
    const cut = [...text.matchAll(/"description":"([^"]*)"/g)].map((match) => match[1]!);
    expect(cut).toHaveLength(3);
    for (const description of cut) expect(description.length).toBeLessThanOrEqual(700);
    expect(text).toContain(JSON.stringify(long));
  });

  it('componentName keeps what OpenAPI allows in a component name', () => {
    expect(componentName('acme_tool', 'input', 'a b/c')).toBe('acme_tool_input_a_b_c');
  });
});
