import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { defineTool } from '@orcaops/plugin-api';
import { httpOperations } from '../routes/operations.js';
import { requestArgs } from './request-args.js';

const tool = defineTool({
  name: 'demo_list_things',
  title: 'List things',
  description: 'Lists things.',
  category: 'demo',
  http: { method: 'GET', path: '/things/{owner}' },
  input: z.object({
    owner: z.string(),
    limit: z.number().int().optional(),
    all: z.boolean().optional(),
    label: z.array(z.string()).optional(),
    ids: z.array(z.number()).optional(),
    filter: z.object({ a: z.number() }).optional(),
    name: z.string().optional(),
  }),
  output: z.object({}),
  annotations: { readOnlyHint: true },
  run: async () => ({}),
});
const [operation] = httpOperations([{ tool, pluginId: 'demo' }]).primary;

describe('requestArgs from a query string', () => {
  it('types each value as the input schema declares it', () => {
    const query = new URLSearchParams('limit=5&all=true&label=123&label=b&ids=1&ids=2&filter={"a":1}&name=007');
    expect(requestArgs(operation!, ['me'], query, undefined)).toEqual({ owner: 'me', limit: 5, all: true, label: ['123', 'b'], ids: [1, 2], filter: { a: 1 }, name: '007' });
  });

  it('refuses a repeated scalar, bad JSON, and a path field given twice differently', () => {
    expect(() => requestArgs(operation!, ['me'], new URLSearchParams('limit=1&limit=2'), undefined)).toThrow(/given 2 times/);
    expect(() => requestArgs(operation!, ['me'], new URLSearchParams('filter={'), undefined)).toThrow(/must be JSON text/);
    expect(() => requestArgs(operation!, ['me'], new URLSearchParams('owner=you'), undefined)).toThrow(/given twice/);
  });
});
