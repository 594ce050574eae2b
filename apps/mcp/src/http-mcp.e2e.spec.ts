import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { DockerTestScope, TEST_IMAGE, TEST_RUN_LABEL, makeTempDir, requireDocker } from '@orcaops/testing';

const CLI = fileURLToPath(new URL('../../cli/bin/orcaops.js', import.meta.url));
const run = promisify(execFile);

/** `orcaops serve` as a user starts it, and the URL it prints first. */
async function serve(cwd: string, args: readonly string[]): Promise<{ url: string; process: ChildProcess }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], { cwd, env: { ...process.env, ORCAOPS_HOME: join(cwd, 'home') }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`orcaops serve exited with ${code}: ${stderr}`)));
  });
  return { url: first.trim(), process: child };
}

/**
 * Remote MCP: the SDK's own Streamable HTTP client against `orcaops serve`'s /mcp, with API keys as Bearer tokens.
 * Each key sees the tools its scope allows, sessions belong to the key that opened them, and the stateless mode
 * answers without sessions.
 */
describe('orcaops serve: MCP over Streamable HTTP', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let server: { url: string; process: ChildProcess };
  const tokens: Record<string, string> = {};
  const clients: Client[] = [];
  const scope = new DockerTestScope();

  beforeAll(async () => {
    await requireDocker();
    temp = await makeTempDir();
    const env = { ...process.env, ORCAOPS_HOME: join(temp.path, 'home') };
    for (const scope of ['read', 'run']) tokens[scope] = (await run(process.execPath, [CLI, 'keys', 'create', '--name', `mcp-${scope}`, '--scope', scope], { cwd: temp.path, env })).stdout.trim();
    server = await serve(temp.path, []);
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
    server?.process.kill('SIGTERM');
    await scope.cleanup();
    await temp?.remove();
  });

  async function connect(url: string, token: string | null): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
    const transport = new StreamableHTTPClientTransport(new URL(`${url}/mcp`), { requestInit: { headers: token ? { Authorization: `Bearer ${token}` } : {} } });
    const client = new Client({ name: 'orcaops-http-e2e', version: '1.0.0' });
    await client.connect(transport);
    clients.push(client);
    return { client, transport };
  }

  it('serves each key the tools of its scope, and calls them', async () => {
    const { client: reader } = await connect(server.url, tokens['read']!);
    const readTools = (await reader.listTools()).tools;
    expect(readTools.every((tool) => tool.annotations?.readOnlyHint === true)).toBe(true);
    expect(readTools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['orcaops_list_templates', 'orcaops_get_job_status']));
    expect(readTools.map((tool) => tool.name)).not.toContain('orcaops_submit_job');
    const templates = await reader.callTool({ name: 'orcaops_list_templates', arguments: {} });
    expect(templates.structuredContent).toMatchObject({ success: true, templates: expect.arrayContaining([expect.objectContaining({ id: 'web-dev' })]) });
    await expect(reader.callTool({ name: 'orcaops_submit_job', arguments: { image: 'x', commands: ['true'] } })).rejects.toThrow(/Unknown tool/);

    const { client: runner } = await connect(server.url, tokens['run']!);
    const runTools = (await runner.listTools()).tools.map((tool) => tool.name);
    expect(runTools).toEqual(expect.arrayContaining(['orcaops_submit_job', 'orcaops_start_sandbox']));
    expect(runTools).not.toContain('orcaops_remove_container');
  });

  it('refuses a client without a key, and a session used with another key', async () => {
    await expect(connect(server.url, null)).rejects.toThrow(/needs an API key/);
    const { transport } = await connect(server.url, tokens['read']!);
    const answer = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${tokens['run']}`, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', 'Mcp-Session-Id': transport.sessionId! },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(answer.status).toBe(404);
    const browser = await fetch(`${server.url}/mcp`, { method: 'POST', headers: { Authorization: `Bearer ${tokens['read']}`, Origin: 'https://evil.example', 'Content-Type': 'application/json' }, body: '{}' });
    expect(browser.status).toBe(403);
  });

  it('holds at most http.mcp.maxSessionsPerKey sessions per key, closing the least recently used', async () => {
    const config = join(temp.path, 'sessions.json');
    await writeFile(config, JSON.stringify({ http: { mcp: { maxSessionsPerKey: 2 } } }));
    const limited = await serve(temp.path, ['--config', config]);
    try {
      const first = await connect(limited.url, tokens['read']!);
      await connect(limited.url, tokens['read']!);
      const other = await connect(limited.url, tokens['run']!);
      await connect(limited.url, tokens['read']!);
      await expect(first.client.listTools()).rejects.toThrow(/Session not found/);
      expect((await other.client.listTools()).tools.length).toBeGreaterThan(5);
    } finally {
      limited.process.kill('SIGTERM');
    }
  });

  it('works in a directory of its own: a run key cannot copy files from where serve was started', async () => {
    await writeFile(join(temp.path, 'private.txt'), 'not for callers');
    const job = await fetch(`${server.url}/v1/jobs/run`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${tokens['run']}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ image: TEST_IMAGE, commands: ['ls -a; cat private.txt'], inputs: { directories: [{ source: '.', target: '.' }] }, labels: { [TEST_RUN_LABEL]: scope.runId } }),
    });
    const answer = (await job.json()) as { status: string };
    expect(answer.status).toBe('failed');
    expect(JSON.stringify(answer)).not.toContain('not for callers');
  });

  it('answers without sessions in stateless mode', async () => {
    const config = join(temp.path, 'stateless.json');
    await writeFile(config, JSON.stringify({ http: { mcp: { stateless: true } } }));
    const stateless = await serve(temp.path, ['--config', config]);
    try {
      const { client, transport } = await connect(stateless.url, tokens['read']!);
      expect(transport.sessionId).toBeUndefined();
      expect((await client.listTools()).tools.length).toBeGreaterThan(5);
      expect((await client.callTool({ name: 'orcaops_list_templates', arguments: {} })).isError).toBeFalsy();
    } finally {
      stateless.process.kill('SIGTERM');
    }
  });
});
