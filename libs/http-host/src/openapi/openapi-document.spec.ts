import { describe, expect, it } from '@jest/globals';
import { ERROR_CODES, OrcaError, defineTool, type AnyToolDefinition } from '@orcaops/plugin-api';
import { compileErrors, validate } from '@readme/openapi-parser';
import { z } from 'zod';
import { httpOperations } from '../routes/operations.js';
import { gptActionProblems } from './gpt-limits.js';
import { buildOpenApiDocument } from './openapi-document.js';
import type { JsonSchema, OpenApiDocument, OpenApiOperation, OpenApiParameter } from './openapi-types.js';

const run = async () => ({});
const READ = { readOnlyHint: true, openWorldHint: false } as const;
const JOB_ID = z.string().min(1).max(128).describe('The job id returned by acme_run_job.');

const LONG_DESCRIPTION = Array.from({ length: 28 }, (_, index) => `Sentence number ${index} says when to use this tool and what comes back from it.`).join(' ');
const LONG_FIELD = `A field whose description goes on ${'and on '.repeat(140)}until the end.`;

/** A tree, so that zod writes `definitions` and `$ref`s, which must end up valid inside a 3.1 document. */
interface Tree {
  name: string;
  children?: Tree[];
}
const TreeSchema: z.ZodType<Tree> = z.object({ name: z.string(), get children() { return z.array(TreeSchema).optional(); } });

const TOOLS: AnyToolDefinition[] = [
  defineTool({
    name: 'acme_get_job_logs',
    title: 'Get job logs',
    description: 'Reads the logs of a job. Call it after acme_run_job.',
    category: 'jobs',
    http: { method: 'GET', path: '/jobs/{job_id}/logs' },
    input: z.object({
      job_id: JOB_ID,
      tail_lines: z.number().int().min(1).max(100_000).optional().describe('Last N lines.'),
      timestamps: z.boolean().default(false).describe('Prefix each line with its time.'),
      streams: z.array(z.enum(['stdout', 'stderr'])).optional().describe('The streams to read.'),
      labels: z.record(z.string(), z.string()).optional().describe('Only lines from steps with these labels.'),
    }),
    output: z.object({ job_id: z.string(), lines: z.array(z.string()), truncated: z.boolean() }),
    annotations: READ,
    run: async () => ({ job_id: 'j', lines: [], truncated: false }),
  }),
  defineTool({
    name: 'acme_run_job',
    title: 'Run a job',
    description: 'Runs commands in a new container and returns the job id.',
    category: 'jobs',
    http: { method: 'POST', path: '/jobs' },
    input: z.object({
      image: z.string().min(1).describe('The image to run.'),
      commands: z.array(z.string()).min(1).describe('Shell commands, run in order.'),
      env: z.record(z.string(), z.string()).optional(),
      timeout: z.number().int().min(1).max(86_400).default(600),
      network: z.enum(['none', 'bridge']).default('none'),
    }),
    output: z.object({ job_id: z.string(), status: z.enum(['queued', 'running']) }),
    annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: true },
    run: async () => ({ job_id: 'j', status: 'queued' as const }),
  }),
  defineTool({
    name: 'acme_cancel_job',
    title: 'Cancel a job',
    description: 'Stops a running job.',
    category: 'jobs',
    http: { method: 'POST', path: '/jobs/{job_id}/cancel' },
    input: z.object({ job_id: JOB_ID }),
    output: z.object({ cancelled: z.boolean() }),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
    run: async () => ({ cancelled: true }),
  }),
  defineTool({
    name: 'acme_delete_run',
    title: 'Delete a run',
    description: 'Deletes the record of a finished run.',
    category: 'runs',
    http: { method: 'DELETE', path: '/runs/{job_id}' },
    input: z.object({ job_id: JOB_ID, force: z.boolean().optional() }),
    output: z.object({ deleted: z.boolean() }),
    annotations: { readOnlyHint: false, destructiveHint: true },
    run: async () => ({ deleted: true }),
  }),
  defineTool({
    name: 'acme_list_things',
    title: 'List things',
    description: LONG_DESCRIPTION,
    category: 'things',
    http: { method: 'GET', path: '/things' },
    input: z.object({ kind: z.string().optional().describe(LONG_FIELD), limit: z.number().int().min(1).max(500).default(50) }),
    output: z.object({ things: z.array(z.object({ id: z.string().describe(LONG_FIELD), size: z.number() })) }),
    annotations: READ,
    run: async () => ({ things: [] }),
  }),
  defineTool({
    name: 'acme_plant_tree',
    title: 'Plant a tree',
    description: 'Stores a tree. Served only at the generic route.',
    category: 'things',
    input: z.object({ tree: TreeSchema, note: z.object({ text: z.string().describe(LONG_FIELD) }).optional() }),
    output: z.object({ planted: z.number().int() }),
    annotations: { readOnlyHint: false, destructiveHint: false },
    run: async () => ({ planted: 1 }),
  }),
];

const build = (tools: readonly AnyToolDefinition[] = TOOLS): OpenApiDocument =>
  buildOpenApiDocument({
    operations: httpOperations(tools.map((tool) => ({ tool, pluginId: '@acme/orcaops-things' }))).primary,
    version: '1.2.3',
    serverUrl: 'https://orcaops.example.com/',
    apiKeyHeader: 'X-Orca-Key',
  });

const operationOf = (document: OpenApiDocument, method: 'get' | 'post' | 'delete', path: string): OpenApiOperation => {
  const operation = document.paths[path]?.[method];
  if (!operation) throw new Error(`no ${method} ${path}`);
  return operation;
};
const parameter = (operation: OpenApiOperation, name: string): OpenApiParameter => {
  const found = operation.parameters?.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no parameter ${name}`);
  return found;
};
const bodySchema = (operation: OpenApiOperation): JsonSchema => operation.requestBody!.content['application/json']!.schema;

/** Every `description` string anywhere in a value. */
function descriptions(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(descriptions);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => (key === 'description' && typeof inner === 'string' ? [inner] : descriptions(inner)));
}

describe('buildOpenApiDocument', () => {
  const document = build();

  it('is a valid OpenAPI 3.1 document (@readme/openapi-parser)', async () => {
    const result = await validate(structuredClone(document) as never);
    if (!result.valid) throw new Error(compileErrors(result));
    expect(result.valid).toBe(true);
    expect(result.warnings).toEqual([]);
    expect(result.specification).toBe('OpenAPI');
  });

  it('the validator is real: it refuses a duplicate operationId', async () => {
    const broken = structuredClone(document);
    operationOf(broken, 'delete', '/v1/runs/{job_id}').operationId = 'acme_run_job';
    const result = await validate(broken as never);
    expect(result.valid).toBe(false);
    expect(compileErrors(result)).toMatch(/operationId/i);
  });

  it('passes the GPT Actions checks', () => {
    expect(gptActionProblems(document)).toEqual([]);
  });

  it('names OrcaOps, the server and both ways to send an API key', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.title).toBe('OrcaOps');
    expect(document.info.version).toBe('1.2.3');
    expect(document.info.description.length).toBeLessThanOrEqual(300);
    expect(document.info.description).toContain('"success"');
    expect(document.servers).toEqual([{ url: 'https://orcaops.example.com' }]);
    expect(document.components.securitySchemes).toEqual({
      bearerAuth: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      apiKeyHeader: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-Orca-Key' }),
    });
    expect(document.security).toEqual([{ bearerAuth: [] }, { apiKeyHeader: [] }]);
    expect(document.tags).toEqual([{ name: 'jobs' }, { name: 'runs' }, { name: 'things' }]);
  });

  it('has one operation per tool, named by the tool, at its route (else the generic one)', () => {
    const operations = Object.entries(document.paths).flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => `${method} ${path} ${operation.operationId}`));
    expect(operations.sort()).toEqual(
      [
        'get /v1/jobs/{job_id}/logs acme_get_job_logs',
        'post /v1/jobs acme_run_job',
        'post /v1/jobs/{job_id}/cancel acme_cancel_job',
        'delete /v1/runs/{job_id} acme_delete_run',
        'get /v1/things acme_list_things',
        'post /v1/tools/acme_plant_tree acme_plant_tree',
      ].sort(),
    );
    const logs = operationOf(document, 'get', '/v1/jobs/{job_id}/logs');
    expect(logs).toMatchObject({ summary: 'Get job logs', description: 'Reads the logs of a job. Call it after acme_run_job.', tags: ['jobs'] });
  });

  it('marks tools that change something as consequential, so that ChatGPT asks first', () => {
    expect(operationOf(document, 'get', '/v1/jobs/{job_id}/logs')['x-openai-isConsequential']).toBe(false);
    expect(operationOf(document, 'post', '/v1/jobs')['x-openai-isConsequential']).toBe(true);
    expect(operationOf(document, 'delete', '/v1/runs/{job_id}')['x-openai-isConsequential']).toBe(true);
    expect(operationOf(document, 'post', '/v1/tools/acme_plant_tree')['x-openai-isConsequential']).toBe(true);
  });

  it('GET: path fields as required string path parameters, the others as query parameters the server can parse', () => {
    const logs = operationOf(document, 'get', '/v1/jobs/{job_id}/logs');
    expect(logs.requestBody).toBeUndefined();
    expect(parameter(logs, 'job_id')).toEqual({
      name: 'job_id',
      in: 'path',
      required: true,
      description: 'The job id returned by acme_run_job.',
      schema: { type: 'string', minLength: 1, maxLength: 128 },
    });
    expect(parameter(logs, 'tail_lines')).toEqual({ name: 'tail_lines', in: 'query', required: false, description: 'Last N lines.', schema: { type: 'integer', minimum: 1, maximum: 100_000 } });
    expect(parameter(logs, 'timestamps')).toMatchObject({ in: 'query', required: false, schema: { type: 'boolean', default: false } });
    // Lists of scalars: repeated keys (?streams=stdout&streams=stderr).
    expect(parameter(logs, 'streams')).toMatchObject({ in: 'query', style: 'form', explode: true, schema: { type: 'array', items: { type: 'string', enum: ['stdout', 'stderr'] } } });
    // Objects: JSON text in one value.
    const labels = parameter(logs, 'labels');
    expect(labels.schema).toBeUndefined();
    expect(labels.content?.['application/json']?.schema).toMatchObject({ type: 'object', additionalProperties: { type: 'string' } });
    expect(logs.parameters?.map((candidate) => candidate.name)).toEqual(['job_id', 'tail_lines', 'timestamps', 'streams', 'labels']);
  });

  it('required comes from the input schema', () => {
    const runs = operationOf(document, 'delete', '/v1/runs/{job_id}');
    expect(runs.parameters?.map((candidate) => [candidate.name, candidate.in, candidate.required])).toEqual([
      ['job_id', 'path', true],
      ['force', 'query', false],
    ]);
  });

  it('POST: the other fields as a JSON body, required when some field is, with an example of the required fields', () => {
    const runJob = operationOf(document, 'post', '/v1/jobs');
    expect(runJob.parameters).toBeUndefined();
    expect(runJob.requestBody?.required).toBe(true);
    const schema = bodySchema(runJob);
    expect(schema).toMatchObject({ type: 'object', required: ['image', 'commands'], additionalProperties: false });
    expect(Object.keys(schema.properties as object)).toEqual(['image', 'commands', 'env', 'timeout', 'network']);
    expect(schema.$schema).toBeUndefined();
    expect(runJob.requestBody?.content['application/json']?.example).toEqual({ image: 'string', commands: ['string'] });
  });

  it('POST with only path fields has no body', () => {
    const cancel = operationOf(document, 'post', '/v1/jobs/{job_id}/cancel');
    expect(cancel.requestBody).toBeUndefined();
    expect(cancel.parameters).toEqual([expect.objectContaining({ name: 'job_id', in: 'path', required: true })]);
  });

  it('the generic route takes every field in the body; recursive schemas point into components', () => {
    const plant = operationOf(document, 'post', '/v1/tools/acme_plant_tree');
    expect(plant.parameters).toBeUndefined();
    const schema = bodySchema(plant);
    expect(schema.required).toEqual(['tree']);
    const references = JSON.stringify(document).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(references.length).toBeGreaterThan(0);
    for (const reference of references) expect(reference).toMatch(/"#\/components\/schemas\/[A-Za-z0-9._-]+"/);
    expect(JSON.stringify(document)).not.toMatch(/"definitions"|"\$schema"/);
  });

  it('answers 200 with the success envelope and an example, and every error with the shared envelope', () => {
    const logs = operationOf(document, 'get', '/v1/jobs/{job_id}/logs');
    const ok = logs.responses['200']!.content!['application/json']!;
    expect(ok.schema).toMatchObject({ type: 'object', required: expect.arrayContaining(['success', 'job_id', 'lines']) });
    expect((ok.schema.properties as Record<string, JsonSchema>).success).toMatchObject({ const: true });
    expect(ok.example).toEqual({ success: true, job_id: 'string', lines: ['string'], truncated: false });
    expect(Object.keys(logs.responses).sort()).toEqual(['200', '400', '401', '403', '404', '409', '413', '429', '500', '502', '503', '504']);
    for (const status of ['400', '401', '403', '404', '409', '413', '429', '500', '502', '503', '504']) {
      expect(logs.responses[status]?.content?.['application/json']?.schema).toEqual({ $ref: '#/components/schemas/Error' });
    }
    expect(logs.responses['429']?.headers?.['Retry-After']?.schema).toEqual({ type: 'integer', minimum: 0 });
    expect(logs.responses['503']?.headers?.['Retry-After']).toBeDefined();
    const error = document.components.schemas.Error!;
    expect(error.required).toEqual(['success', 'error']);
    expect((error.properties as Record<string, JsonSchema>).error).toMatchObject({ properties: { code: { enum: [...ERROR_CODES] } }, required: ['code', 'message', 'suggestion'] });
  });

  it('cuts a long tool description to 300 characters at a sentence end', () => {
    const things = operationOf(document, 'get', '/v1/things');
    expect(LONG_DESCRIPTION.length).toBeGreaterThan(2000);
    expect(things.description.length).toBeLessThanOrEqual(300);
    expect(things.description.length).toBeGreaterThan(150);
    expect(things.description).toMatch(/^Sentence number 0 .*\.$/);
    expect(LONG_DESCRIPTION.startsWith(things.description)).toBe(true);
  });

  it('cuts long field descriptions to 700 characters at a word, with an ellipsis, wherever they are', () => {
    expect(LONG_FIELD.length).toBeGreaterThan(1000);
    const kind = parameter(operationOf(document, 'get', '/v1/things'), 'kind');
    expect(kind.description!.length).toBeLessThanOrEqual(700);
    expect(kind.description).toMatch(/^A field whose description goes on and on .* on…$/);
    const note = (bodySchema(operationOf(document, 'post', '/v1/tools/acme_plant_tree')).properties as Record<string, JsonSchema>).note!;
    expect(((note.properties as Record<string, JsonSchema>).text!.description as string).length).toBeLessThanOrEqual(700);
    const all = descriptions(document);
    expect(all.some((text) => text.endsWith('…'))).toBe(true);
    expect(Math.max(...all.map((text) => text.length))).toBeLessThanOrEqual(700);
  });

  it('refuses two operations with one operationId', () => {
    const operations = httpOperations(TOOLS.slice(0, 2).map((tool) => ({ tool, pluginId: 'acme' }))).primary;
    const twice = [...operations, { ...operations[0]!, method: 'POST' as const, path: '/v1/tools/acme_get_job_logs', generic: true }];
    expect(() => buildOpenApiDocument({ operations: twice, version: '1', serverUrl: 'http://127.0.0.1:8787', apiKeyHeader: 'X-API-Key' })).toThrow(OrcaError);
    expect(() => buildOpenApiDocument({ operations: twice, version: '1', serverUrl: 'http://127.0.0.1:8787', apiKeyHeader: 'X-API-Key' })).toThrow(/two operations are named acme_get_job_logs/);
  });

  it('refuses two operations at one method and path', () => {
    const [logs, runJob] = httpOperations(TOOLS.slice(0, 2).map((tool) => ({ tool, pluginId: 'acme' }))).primary;
    const clash = [logs!, { ...runJob!, method: 'GET' as const, path: logs!.path }];
    expect(() => buildOpenApiDocument({ operations: clash, version: '1', serverUrl: 'http://127.0.0.1:8787', apiKeyHeader: 'X-API-Key' })).toThrow(/GET \/v1\/jobs\/\{job_id\}\/logs is both/);
  });
});

describe('gptActionProblems', () => {
  const manyTools = Array.from({ length: 31 }, (_, index) =>
    defineTool({ name: `acme_get_thing${index}`, title: `Thing ${index}`, description: 'Gets a thing.', category: 'things', input: z.object({}), output: z.object({}), annotations: READ, run }),
  );

  it('reports more than 30 operations', () => {
    const problems = gptActionProblems(build(manyTools));
    expect(problems).toEqual([expect.stringMatching(/^31 operations; GPT Actions take at most 30/)]);
    expect(gptActionProblems(build(manyTools.slice(0, 30)))).toEqual([]);
  });

  it('reports over-long texts, bad operationIds, a missing server and a missing security scheme', () => {
    const document = build();
    const logs = operationOf(document, 'get', '/v1/jobs/{job_id}/logs');
    logs.summary = 'S'.repeat(301);
    logs.operationId = 'get logs!';
    parameter(logs, 'tail_lines').description = 'd'.repeat(701);
    (bodySchema(operationOf(document, 'post', '/v1/jobs')).properties as Record<string, JsonSchema>).image!.description = 'i'.repeat(800);
    operationOf(document, 'post', '/v1/jobs/{job_id}/cancel').operationId = 'acme_run_job';
    document.openapi = '3.0.3';
    document.servers = [];
    document.components.securitySchemes = {};
    expect(gptActionProblems(document)).toEqual([
      'openapi is "3.0.3"; this check expects 3.1.x',
      'GET /v1/jobs/{job_id}/logs: operationId "get logs!" must match ^[a-zA-Z0-9_-]+$',
      'GET /v1/jobs/{job_id}/logs: summary is 301 characters; GPT Actions allow 300',
      'GET /v1/jobs/{job_id}/logs: parameter "tail_lines" description is 701 characters; GPT Actions allow 700',
      'POST /v1/jobs: request body at /properties/image description is 800 characters; GPT Actions allow 700',
      "POST /v1/jobs/{job_id}/cancel: operationId \"acme_run_job\" is also POST /v1/jobs's",
      'no server URL (servers[0].url); GPT Actions call the first server',
      'no security scheme (components.securitySchemes); GPT Actions would call without an API key',
    ]);
  });
});
