import { randomUUID } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { TEST_SERVICE_IMAGE, composeResources, makeTempDir, removeComposeProject, requireDocker } from '@orcaops/testing';
import { callEnvelope, connectOrcaopsMcp } from './test-fixtures/orcaops-mcp-client.js';

describe('sandbox and template tools through orcaops-mcp', () => {
  const name = `e2e-${randomUUID().slice(0, 8)}`;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let client: Client;

  beforeAll(async () => {
    await requireDocker();
    temp = await makeTempDir();
    client = await connectOrcaopsMcp(temp.path, 'sandboxes-e2e');
  });

  afterAll(async () => {
    await client?.close().catch(() => undefined);
    await removeComposeProject(name);
    await temp?.remove();
  });

  const call = (tool: string, args: Record<string, unknown>, onProgress?: (message: string) => void) => callEnvelope(client, tool, args, onProgress);

  it('lists and shows templates', async () => {
    const templates = await call('orcaops_list_templates', {});
    expect(templates['templates'].map((t: { id: string }) => t.id)).toEqual(['web-dev', 'python-ml', 'api-testing']);
    const template = await call('orcaops_get_template', { template_id: 'api-testing' });
    expect(template['services'].map((s: { name: string }) => s.name)).toEqual(['api', 'cache', 'db']);
    expect(template['variables']).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'POSTGRES_PASSWORD', secret: true, default: null })]));
  });

  it('creates in ./<name>, starts with progress, gets, runs a command, stops and unregisters a sandbox', async () => {
    const images = { api: TEST_SERVICE_IMAGE, cache: TEST_SERVICE_IMAGE, db: TEST_SERVICE_IMAGE };
    const created = await call('orcaops_create_sandbox', { template: 'api-testing', name, images, ports: { api: 0, cache: 0, db: 0 } });
    expect(created).toMatchObject({ success: true, sandbox: { name, directory: join(temp.path, name), template: 'api-testing' } });
    await access(join(temp.path, name, 'docker-compose.yml'));
    // Its compose file is a resource, listed, completed by name and read as the file is.
    const composeUri = `orcaops://sandboxes/${name}/compose`;
    expect((await client.listResources()).resources.map((resource) => resource.uri)).toContain(composeUri);
    const completion = await client.complete({ ref: { type: 'ref/resource', uri: 'orcaops://sandboxes/{name}/compose' }, argument: { name: 'name', value: name.slice(0, 5) } });
    expect(completion.completion.values).toContain(name);
    const compose = await client.readResource({ uri: composeUri });
    expect(compose.contents[0]).toMatchObject({ uri: composeUri, mimeType: 'application/yaml', text: await readFile(join(temp.path, name, 'docker-compose.yml'), 'utf8') });

    const progress: string[] = [];
    const started = await call('orcaops_start_sandbox', { name }, (message) => progress.push(message));
    expect(started).toMatchObject({ success: true, status: 'running' });
    expect(progress.length).toBeGreaterThan(1);
    const api = started['endpoints'].find((endpoint: { service: string }) => endpoint.service === 'api');
    expect((await fetch(`http://${api.address}/health`)).status).toBe(200);

    expect(await call('orcaops_get_sandbox', { name })).toMatchObject({ status: 'running', endpoints: started['endpoints'] });
    const listed = await call('orcaops_list_sandboxes', {});
    expect(listed['sandboxes']).toEqual([expect.objectContaining({ name, status: 'running', running: 3 })]);
    const exec = await call('orcaops_exec_in_sandbox', { name, service: 'db', command: ['pg_isready'] });
    expect(exec).toMatchObject({ success: true, exit_code: 0 });

    await call('orcaops_stop_sandbox', { name });
    // Started again as an MCP task: created at once, then followed to the start's own reply.
    const stream = client.experimental.tasks.callToolStream({ name: 'orcaops_start_sandbox', arguments: { name } }, CallToolResultSchema, { task: {}, timeout: 180_000 });
    const messages: Array<{ type: string; task?: { taskId: string }; result?: { structuredContent?: Record<string, unknown> } }> = [];
    for await (const message of stream) messages.push(message as (typeof messages)[number]);
    expect(messages[0]?.task?.taskId).toMatch(new RegExp(`^sandbox-start:${name}:\\d+$`));
    expect(messages.at(-1)).toMatchObject({ type: 'result', result: { structuredContent: { success: true, name, status: 'running' } } });

    const stopped = await call('orcaops_stop_sandbox', { name, volumes: true });
    expect(stopped).toMatchObject({ success: true, containers_removed: 3 });
    expect((await composeResources(name)).containers).toEqual([]);
    expect(await call('orcaops_remove_sandbox', { name })).toMatchObject({ success: true });
  });

  it('answers bad input with structured errors', async () => {
    const missing = await call('orcaops_get_sandbox', { name: 'never-created' });
    expect(missing).toMatchObject({ success: false, error: { code: 'SANDBOX_NOT_FOUND', suggestion: expect.stringContaining('orcaops_list_sandboxes') } });
    const badName = await call('orcaops_create_sandbox', { template: 'web-dev', name: '../etc' });
    expect(badName).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR' } });
    const noTemplate = await call('orcaops_create_sandbox', { template: 'no-such', name: 'x' });
    expect(noTemplate).toMatchObject({ success: false, error: { code: 'TEMPLATE_NOT_FOUND' } });
  });
});
