import { mkdir, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { replyWireBytes, type AnyToolDefinition, type ComposeService } from '@orcaops/plugin-api';
import { FakeDockerService, callToolData, makeTempDir, silentLogger, toolNamed, walkPages } from '@orcaops/testing';
import { Sandboxes } from './sandboxes.js';
import { createSandboxesTools } from './sandboxes-tools.js';
import { BUILTIN_TEMPLATES } from './templates/builtin-templates.js';
import type { SandboxTemplate } from './templates/template.js';
import { createListTemplatesTool } from './tools/template-tools.js';

const SANDBOXES = 400;

/** Compose that validates everything. */
const compose: ComposeService = {
  detect: async () => ({ flavor: 'v1', command: ['docker-compose'], version: '1.29.2' }),
  run: async () => ({ exitCode: 0, stdout: '', outputTail: '' }),
};

/** Calls a tool as OrcaOps does; every reply here is one the tool fitted itself, with no generic cut. */
async function call(tool: AnyToolDefinition, args: Record<string, unknown>, replyLimit?: number): Promise<Record<string, any>> {
  const data = await callToolData(tool, args, { replyLimit });
  expect(data['reply_truncated']).toBeUndefined();
  return data;
}

describe('sandbox lists within the reply budget', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  const validated: string[] = [];
  let listSandboxes: AnyToolDefinition;
  let getSandbox: AnyToolDefinition;
  let startSandbox: AnyToolDefinition;
  let docker: FakeDockerService;
  const names = Array.from({ length: SANDBOXES }, (_, n) => `sandbox-with-a-fairly-long-name-${String(n).padStart(4, '0')}`);

  beforeAll(async () => {
    temp = await makeTempDir('orcaops-sandbox-paging-');
    docker = new FakeDockerService();
    const sandboxes = new Sandboxes({ docker, compose, host: { home: temp.path }, log: silentLogger, options: { roots: [temp.path], bind_address: '127.0.0.1' } });
    for (const [n, name] of names.entries()) {
      await sandboxes.registry.add({ name, project: `${name}-0123abcd`, template: 'web-dev', path: join(temp.path, 'deep', 'directory', name), compose_file: 'docker-compose.yml', created_at: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString() });
    }
    const problems = sandboxes.problems.bind(sandboxes);
    sandboxes.problems = async (entry, signal) => (validated.push(entry.name), problems(entry, signal));
    const tools = createSandboxesTools(sandboxes);
    listSandboxes = toolNamed(tools, 'orcaops_list_sandboxes');
    getSandbox = toolNamed(tools, 'orcaops_get_sandbox');
    startSandbox = toolNamed(tools, 'orcaops_start_sandbox');
  });
  afterAll(() => temp.remove());

  it('orcaops_list_sandboxes pages 400 sandboxes at limit 1000 in budget-sized pages: every one once, in registration order', async () => {
    const walked = await walkPages<{ name: string }>((offset) => call(listSandboxes, { offset, limit: 1000 }, 32_768), { list: 'sandboxes', limitBytes: 32_768 });
    expect(walked.items.map((row) => row.name)).toEqual(names);
    expect(walked.pages.length).toBeGreaterThan(2);
    for (const page of walked.pages) expect(page).toMatchObject({ total: SANDBOXES, count: (page['sandboxes'] as unknown[]).length, engine_error: null });
  });

  it('orcaops_list_sandboxes ends a page at limit when it fits, and validates only the sandboxes that can be on the page', async () => {
    validated.length = 0;
    const page = await call(listSandboxes, { offset: 390, limit: 5, validate: true });
    expect(page).toMatchObject({ count: 5, total: SANDBOXES, next_offset: 395 });
    expect(page['sandboxes'].map((row: { name: string }) => row.name)).toEqual(names.slice(390, 395));
    expect(page['sandboxes'].every((row: { problems?: string[] }) => Array.isArray(row.problems))).toBe(true);
    expect(validated).toEqual(names.slice(390, 395));
    expect(await call(listSandboxes, { offset: 398 })).toMatchObject({ count: 2, next_offset: null });
  });

  it('orcaops_list_templates pages a long template list exactly, and the built-in list fits one page', async () => {
    const many: SandboxTemplate[] = Array.from({ length: 300 }, (_, n) => ({ ...BUILTIN_TEMPLATES[n % BUILTIN_TEMPLATES.length]!, id: `template-${n}` }));
    const tool = createListTemplatesTool(many);
    const walked = await walkPages<{ id: string }>((offset) => call(tool, { offset, limit: 1000 }, 16_384), { list: 'templates', limitBytes: 16_384 });
    expect(walked.items.map((row) => row.id)).toEqual(many.map((template) => template.id));
    expect(walked.pages.length).toBeGreaterThan(2);
    expect(walked.pages.every((page) => page['total'] === 300)).toBe(true);

    const builtin = await call(createListTemplatesTool(), {});
    expect(builtin).toMatchObject({ count: BUILTIN_TEMPLATES.length, total: BUILTIN_TEMPLATES.length, next_offset: null });
    expect(await call(createListTemplatesTool(), { offset: 1, limit: 1 })).toMatchObject({ count: 1, templates: [{ id: BUILTIN_TEMPLATES[1]!.id }] });
  });

  it('orcaops_get_sandbox of a project scaled to 1,500 containers: every service listed, endpoints then containers fitted, omitted counts', async () => {
    const name = names[0]!;
    const project = `${name}-0123abcd`;
    for (let n = 0; n < 1500; n++) {
      docker.add({
        id: `${n}`.padStart(64, 'c'),
        name: `${project}-${n % 3 ? 'worker' : 'web'}-${n}`,
        state: 'running',
        status: 'Up 5 minutes',
        ports: n % 3 ? [] : [{ containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 20_000 + n }],
        labels: { 'com.docker.compose.project': project, 'com.docker.compose.service': n % 3 ? 'worker' : 'web' },
      });
    }
    const view = await call(getSandbox, { name });
    expect(replyWireBytes({ success: true, ...view })).toBeLessThanOrEqual(65_536);
    expect(view['services'].map((service: { name: string }) => service.name)).toEqual(['web', 'worker']);
    const shown = view['services'].flatMap((service: { containers: unknown[] }) => service.containers).length;
    expect(shown + view['containers_omitted']).toBe(1500);
    expect(view['endpoints'].length + view['endpoints_omitted']).toBe(500);
    expect(view['containers_omitted']).toBeGreaterThan(0);
    // Starting it answers with the same view, fitted the same way.
    await mkdir(join(temp.path, 'deep', 'directory', name), { recursive: true });
    await writeFile(join(temp.path, 'deep', 'directory', name, 'docker-compose.yml'), 'services: {}\n');
    const started = await call(startSandbox, { name });
    expect(replyWireBytes({ success: true, ...started })).toBeLessThanOrEqual(65_536);
    expect(started['containers_omitted']).toBe(view['containers_omitted']);

    const small = await call(getSandbox, { name: names[1]! });
    expect(small).toMatchObject({ services: [], endpoints: [], containers_omitted: 0, endpoints_omitted: 0 });
  });
});
