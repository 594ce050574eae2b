import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import { createConnection, createServer, type Server as NetServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { makeTempDir, requireDocker } from '@orcaops/testing';
import { connectOrcaopsMcp } from './test-fixtures/orcaops-mcp-client.js';

const BIN = fileURLToPath(new URL('../bin/orcaops-mcp.js', import.meta.url));
const PLUGIN_FIXTURES = fileURLToPath(new URL('../../../libs/kernel/test-fixtures/', import.meta.url));
type CallResult = Awaited<ReturnType<Client['callTool']>>;

function envelope(result: CallResult): Record<string, unknown> {
  const [block] = result.content as Array<{ type: string; text: string }>;
  return JSON.parse(block!.text) as Record<string, unknown>;
}

describe('orcaops-mcp over stdio', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  const clients: Client[] = [];

  beforeAll(async () => {
    await requireDocker();
    temp = await makeTempDir();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });
  afterAll(() => temp.remove());

  async function connect(env: Record<string, string> = {}): Promise<Client> {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN],
      cwd: temp.path,
      env: { ...(process.env as Record<string, string>), ORCAOPS_HOME: join(temp.path, 'home'), ...env },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'orcaops-e2e', version: '1.0.0' });
    await client.connect(transport);
    clients.push(client);
    return client;
  }

  it('lists every tool with input and output schemas and annotations', async () => {
    const client = await connect();
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['orcaops_system_info', 'orcaops_cleanup_containers']));
    for (const tool of tools) {
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.outputSchema?.type).toBe('object');
      expect(tool.outputSchema?.required).toContain('success');
      expect(typeof tool.annotations?.readOnlyHint).toBe('boolean');
      expect(tool.description!.length).toBeGreaterThan(50);
    }
    const cleanup = tools.find((tool) => tool.name === 'orcaops_cleanup_containers')!;
    expect(cleanup.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(cleanup.inputSchema.required ?? []).not.toContain('dry_run');
  });

  it('is also started as `orcaops mcp` (what `npx -y orcaops mcp` runs): the same tools, and calls answer', async () => {
    const viaCli = await connectOrcaopsMcp(temp.path, 'orcaops-e2e-cli', { viaCli: true });
    clients.push(viaCli);
    const names = async (client: Client) => (await client.listTools()).tools.map((tool) => tool.name).sort();
    expect(await names(viaCli)).toEqual(await names(await connect()));
    const answer = await viaCli.callTool({ name: 'orcaops_list_templates', arguments: {} });
    expect(envelope(answer)).toMatchObject({ success: true, templates: expect.arrayContaining([expect.objectContaining({ id: 'web-dev' })]) });
  });

  it('lists and calls only the read-only tools with --read-only, even where a full server cached its tool list', async () => {
    expect((await (await connect()).listTools()).tools.some((tool) => tool.annotations?.readOnlyHint === false)).toBe(true);
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN, '--read-only'],
      cwd: temp.path,
      env: { ...(process.env as Record<string, string>), ORCAOPS_HOME: join(temp.path, 'home') },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'orcaops-e2e-read-only', version: '1.0.0' });
    await client.connect(transport);
    clients.push(client);
    const { tools } = await client.listTools();
    expect(tools.length).toBeGreaterThan(10);
    expect(tools.every((tool) => tool.annotations?.readOnlyHint === true)).toBe(true);
    await expect(client.callTool({ name: 'orcaops_cleanup_containers', arguments: { dry_run: true } })).rejects.toThrow(/Unknown tool/);
  });

  it('answers orcaops_system_info from the real engine in the specification envelope', async () => {
    const client = await connect();
    const result = await client.callTool({ name: 'orcaops_system_info', arguments: {} });
    expect(result.isError).toBeFalsy();
    const content = result.structuredContent as Record<string, any>;
    expect(content).toEqual(envelope(result));
    expect(content['success']).toBe(true);
    expect(content['docker']).toMatchObject({ available: true, server_version: expect.any(String), api_version: expect.stringMatching(/^\d+\.\d+$/) });
    expect(content['docker'].containers.total).toBeGreaterThanOrEqual(0);
    expect(content['orcaops']).toMatchObject({ version: expect.stringMatching(/^\d+\.\d+\.\d+/), home: join(temp.path, 'home') });
    expect(content['plugins'].loaded.map((plugin: { id: string }) => plugin.id)).toContain('system');
  });

  it('returns VALIDATION_ERROR naming the field for a wrong-typed argument', async () => {
    const client = await connect();
    const result = await client.callTool({ name: 'orcaops_cleanup_containers', arguments: { dry_run: 'yes' } });
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toBeUndefined();
    expect(envelope(result)).toEqual({
      success: false,
      error: expect.objectContaining({ code: 'VALIDATION_ERROR', message: expect.stringContaining('dry_run'), suggestion: expect.any(String) }),
    });
  });

  it('answers an unknown tool with JSON-RPC Invalid params (-32602) listing the tools, and keeps serving', async () => {
    const client = await connect();
    const error = await client.callTool({ name: 'orcaops_no_such_tool', arguments: {} }).then(
      () => null,
      (caught: unknown) => caught as { code?: number; message?: string },
    );
    expect(error).toMatchObject({ code: -32602, message: expect.stringContaining('Unknown tool: "orcaops_no_such_tool"') });
    expect(error?.message).toContain('orcaops_run_job');
    expect((await client.listTools()).tools.length).toBeGreaterThanOrEqual(2);
  });

  it('returns DOCKER_UNAVAILABLE naming the address when no engine answers, and recovers when it does', async () => {
    const socketPath = join(temp.path, 'engine.sock');
    const client = await connect({ DOCKER_HOST: `unix://${socketPath}` });
    const down = await client.callTool({ name: 'orcaops_cleanup_containers', arguments: { dry_run: true } });
    expect(envelope(down)).toMatchObject({ success: false, error: { code: 'DOCKER_UNAVAILABLE', message: expect.stringContaining(socketPath) } });

    const proxy = await startSocketProxy(socketPath, await realEngineSocket());
    try {
      const up = await client.callTool({ name: 'orcaops_cleanup_containers', arguments: { dry_run: true, labels: { 'org.orcaops.test-run': 'none' } } });
      expect(up.isError).toBeFalsy();
      expect(up.structuredContent).toMatchObject({ success: true, dry_run: true, containers: [] });
    } finally {
      proxy.close();
    }
  });
});

describe('orcaops-mcp process behaviour', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    temp = await makeTempDir();
  });
  afterAll(() => temp.remove());

  function spawnServer(args: string[] = []): ChildProcessWithoutNullStreams {
    return spawn(process.execPath, [BIN, ...args], { cwd: temp.path, env: { ...process.env, ORCAOPS_HOME: join(temp.path, 'home') } });
  }

  async function exitOf(child: ChildProcessWithoutNullStreams): Promise<number | null> {
    const [code] = (await once(child, 'exit')) as [number | null];
    return code;
  }

  it('answers malformed lines and unknown methods with JSON-RPC errors and writes only protocol to stdout', async () => {
    const child = spawnServer();
    const lines = createInterface({ input: child.stdout });
    const received: Array<Record<string, any>> = [];
    const nonJson: string[] = [];
    lines.on('line', (line) => {
      try {
        received.push(JSON.parse(line));
      } catch {
        nonJson.push(line);
      }
    });
    const send = (message: unknown) => child.stdin.write(`${typeof message === 'string' ? message : JSON.stringify(message)}\n`);
    send('this is not json {');
    send({ hello: 'world', id: 9 });
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 2, method: 'no/such/method' });
    send({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'orcaops_cleanup_containers', arguments: { dry_run: 7 } } });
    await waitFor(() => received.some((message) => message['id'] === 3));
    child.stdin.end();
    expect(await exitOf(child)).toBe(0);

    expect(nonJson).toEqual([]);
    expect(received.every((message) => message['jsonrpc'] === '2.0')).toBe(true);
    expect(received.find((message) => message['error']?.code === -32700)).toMatchObject({ id: null });
    expect(received.find((message) => message['id'] === 9)).toMatchObject({ error: { code: -32600 } });
    expect(received.find((message) => message['id'] === 1)).toMatchObject({ result: { serverInfo: { name: 'orcaops' } } });
    expect(received.find((message) => message['id'] === 2)).toMatchObject({ error: { code: -32601 } });
    expect(received.find((message) => message['id'] === 3)).toMatchObject({ result: { isError: true } });
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('exits cleanly on %s', async (signal) => {
    const child = spawnServer();
    await waitForStderr(child, 'orcaops-mcp ready');
    child.kill(signal);
    expect(await exitOf(child)).toBe(0);
  });

  it('prints --version and --help on stderr, nothing on stdout', async () => {
    for (const flag of ['--version', '--help']) {
      const child = spawnServer([flag]);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
      expect(await exitOf(child)).toBe(0);
      expect(stdout).toBe('');
      expect(stderr).toMatch(flag === '--version' ? /^orcaops-mcp \d+\.\d+\.\d+/ : /Usage: orcaops-mcp/);
    }
  });

  it('serves the tools of a plugin named in orcaops.config.json, with failures visible in system info', async () => {
    const project = join(temp.path, 'with-plugins');
    await mkdir(project, { recursive: true });
    await writeFile(join(project, 'orcaops.config.json'), JSON.stringify({ plugins: [join(PLUGIN_FIXTURES, 'good-plugin'), join(PLUGIN_FIXTURES, 'broken-plugin')] }));
    const transport = new StdioClientTransport({ command: process.execPath, args: [BIN], cwd: project, env: { ...(process.env as Record<string, string>), ORCAOPS_HOME: join(temp.path, 'home') }, stderr: 'pipe' });
    const client = new Client({ name: 'plugins-e2e', version: '1.0.0' });
    await client.connect(transport);
    try {
      const hello = await client.callTool({ name: 'fixture_say_hello', arguments: { name: 'crew' } });
      expect(hello.structuredContent).toEqual({ success: true, message: 'hello crew' });
      const info = await client.callTool({ name: 'orcaops_system_info', arguments: {} });
      expect((info.structuredContent as any).plugins.failed).toEqual([expect.objectContaining({ source: expect.stringContaining('broken-plugin'), error: expect.stringContaining('exploded') })]);
    } finally {
      await client.close();
    }
  });

  it('skips a plugin whose tool clashes with a loaded one and says why in system info, serving the rest', async () => {
    const project = join(temp.path, 'duplicates');
    await mkdir(project, { recursive: true });
    await writeFile(join(project, 'orcaops.config.json'), JSON.stringify({ plugins: [join(PLUGIN_FIXTURES, 'good-plugin'), join(PLUGIN_FIXTURES, 'duplicate-plugin')] }));
    const transport = new StdioClientTransport({ command: process.execPath, args: [BIN], cwd: project, env: { ...(process.env as Record<string, string>), ORCAOPS_HOME: join(temp.path, 'home') }, stderr: 'pipe' });
    const client = new Client({ name: 'clash-e2e', version: '1.0.0' });
    await client.connect(transport);
    try {
      const hello = await client.callTool({ name: 'fixture_say_hello', arguments: { name: 'crew' } });
      expect(hello.structuredContent).toEqual({ success: true, message: 'hello crew' });
      const info = await client.callTool({ name: 'orcaops_system_info', arguments: {} });
      expect((info.structuredContent as any).plugins.failed).toEqual([
        expect.objectContaining({ source: expect.stringContaining('duplicate-plugin'), error: expect.stringMatching(/fixture_say_hello.*already declared by plugin fixture-good/) }),
      ]);
    } finally {
      await client.close();
    }
  });

  it('exits with 2 and a clear message for a bad flag or a bad config file', async () => {
    const badFlag = spawnServer(['--nope']);
    let stderr = '';
    badFlag.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    expect(await exitOf(badFlag)).toBe(2);
    expect(stderr).toContain('--nope');

    const badConfig = spawnServer(['--config', join(temp.path, 'missing.json')]);
    let configError = '';
    badConfig.stderr.on('data', (chunk: Buffer) => (configError += chunk));
    expect(await exitOf(badConfig)).toBe(2);
    expect(configError).toContain('missing.json');
  });
});

async function waitFor(predicate: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function waitForStderr(child: ChildProcessWithoutNullStreams, text: string): Promise<void> {
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  await waitFor(() => stderr.includes(text));
}

/** The engine socket the test process itself uses. */
async function realEngineSocket(): Promise<string> {
  const host = process.env['DOCKER_HOST'];
  return host?.startsWith('unix://') ? host.slice('unix://'.length) : '/var/run/docker.sock';
}

/** A Unix socket that forwards to the real engine: an engine that "comes back" at an address the server already tried. */
async function startSocketProxy(path: string, target: string): Promise<NetServer> {
  const server = createServer((client) => {
    const upstream = createConnection(target);
    client.pipe(upstream).pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close);
    upstream.on('error', close);
  });
  server.listen(path);
  await once(server, 'listening');
  return server;
}
