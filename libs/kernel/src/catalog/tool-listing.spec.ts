import { describe, expect, it } from '@jest/globals';
import { defineTool } from '@orcaops/plugin-api';
import { z } from 'zod';
import { listTool, toolListSize } from './tool-listing.js';

const tool = defineTool({
  name: 'orcaops_sample_tool',
  title: 'Sample',
  description: 'Samples.',
  category: 'test',
  input: z.object({
    pattern: z.string().min(1).max(100).regex(/^[a-z]+$/).describe('A field named like a keyword.'),
    count: z.number().int().default(3),
    tags: z.array(z.string().max(10)).max(5).default([]),
    options: z.object({ description: z.string().default('kept as data') }).default({ description: 'kept as data' }),
    mode: z.enum(['a', 'b']).default('a'),
  }),
  output: z.object({
    job: z.object({ id: z.string(), started_at: z.string().nullable() }).describe('Dropped: nested.'),
    finished_at: z.string().nullable(),
    steps: z.array(z.object({ index: z.number().int() })),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  run: async () => ({ job: { id: 'x', started_at: null }, finished_at: null, steps: [] }),
});

describe('listTool', () => {
  const listed = listTool(tool);

  it('keeps what explains an input (types, enums, defaults, descriptions, required) and drops its guards', () => {
    expect(listed.inputSchema).toEqual({
      type: 'object',
      properties: {
        pattern: { type: 'string', description: 'A field named like a keyword.' },
        count: { type: 'integer', default: 3 },
        tags: { type: 'array', items: { type: 'string' } },
        options: { type: 'object', default: { description: 'kept as data' }, properties: { description: { type: 'string', default: 'kept as data' } } },
        mode: { type: 'string', enum: ['a', 'b'], default: 'a' },
      },
      required: ['pattern'],
    });
  });

  it("lists an output's envelope fields with their types only, nullable ones as anyOf, and objects open", () => {
    expect(listed.outputSchema).toEqual({
      type: 'object',
      properties: {
        success: { type: 'boolean', const: true },
        job: { type: 'object' },
        finished_at: { anyOf: [{ type: 'string' }, { type: 'null' }] },
        steps: { type: 'array', items: { type: 'object' } },
        reply_truncated: { type: 'object' },
      },
      required: ['success', 'job', 'finished_at', 'steps'],
    });
  });

  it('always says whether a tool changes and destroys things, other hints only when not the default, and the reply size for Claude Code', () => {
    expect(listed.annotations).toEqual({ readOnlyHint: false, destructiveHint: false, idempotentHint: true });
    expect(listTool({ ...tool, annotations: { readOnlyHint: false } }).annotations).toEqual({ readOnlyHint: false, destructiveHint: true });
    expect(listTool({ ...tool, annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false } }).annotations).toEqual({ readOnlyHint: true, openWorldHint: false });
    expect(listed._meta).toEqual({ 'anthropic/maxResultSizeChars': 65_536 });
  });

  it('measures a list as the JSON it is sent as', () => {
    const size = toolListSize([listed, listed]);
    expect(size.all).toBe(JSON.stringify([listed, listed]).length);
    expect(size.model).toBe(2 * JSON.stringify({ name: listed.name, description: listed.description, inputSchema: listed.inputSchema }).length);
    expect(size.output).toBe(2 * JSON.stringify(listed.outputSchema).length);
  });
});
