import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { defineTool, type ToolHttpRoute } from '../tools/tool-definition.js';
import { validateToolDefinition } from './validate-tool.js';

const tool = (http?: ToolHttpRoute) =>
  defineTool({
    name: 'acme_get_thing',
    title: 'Get thing',
    description: 'Gets a thing.',
    category: 'things',
    input: z.object({ thing_id: z.string(), count: z.number().optional(), wait: z.number().int().default(5), verbose: z.boolean().optional() }),
    output: z.object({ id: z.string() }),
    annotations: { readOnlyHint: true },
    ...(http ? { http } : {}),
    run: async ({ thing_id }) => ({ id: thing_id }),
  });

describe('validateToolDefinition: http routes', () => {
  it('accepts a tool without a route, and routes whose {segments} are input fields', () => {
    expect(() => validateToolDefinition(tool(), 'acme')).not.toThrow();
    expect(() => validateToolDefinition(tool({ method: 'GET', path: '/things/{thing_id}' }), 'acme')).not.toThrow();
    expect(() => validateToolDefinition(tool({ method: 'POST', path: '/things/{thing_id}/poke-now', waitField: 'wait' }), 'acme')).not.toThrow();
  });

  it.each([
    [{ method: 'PUT', path: '/things' }, 'http.method must be GET, POST or DELETE'],
    [{ method: 'GET', path: 'things' }, 'http.path must look like'],
    [{ method: 'GET', path: '/Things' }, 'http.path must look like'],
    [{ method: 'GET', path: '/things/' }, 'http.path must look like'],
    [{ method: 'GET', path: '/tools/acme_get_thing' }, 'not start with /tools'],
    [{ method: 'GET', path: '/things/{id}' }, 'http.path names {id}, which is not an input field'],
    [{ method: 'GET', path: '/things/{count}' }, 'http.path names {count}, which is not a required string field'],
    [{ method: 'POST', path: '/things', waitField: 'verbose' }, 'http.waitField "verbose" is not a number input field'],
    [{ method: 'POST', path: '/things', waitField: 'nope' }, 'http.waitField "nope" is not a number input field'],
  ])('refuses %j at load time', (http, message) => {
    expect(() => validateToolDefinition(tool(http as ToolHttpRoute), 'acme')).toThrow(message);
  });
});
