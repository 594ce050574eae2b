import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { LoggingMessageNotificationSchema, type LoggingMessageNotification } from '@modelcontextprotocol/sdk/types.js';
import { startOrcaOps } from '@orcaops/composition';
import type { Kernel } from '@orcaops/kernel';
import { StreamLogger } from '@orcaops/kernel';
import { MemoryLogSink, makeTempDir } from '@orcaops/testing';
import { createMcpServer } from './create-mcp-server.js';
import { LogForwarder } from './log-forwarding.js';
import { parseRunUri } from './resources.js';

/** Prompts, completions, resources and logging over the SDK's client, on the built-in catalog with no engine. */
describe('MCP beyond tools', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let kernel: Kernel;
  let client: Client;
  const stderr: string[] = [];
  const logs = new LogForwarder({ write: (line: string) => stderr.push(line) });
  const log = new StreamLogger(logs, 'info', { name: 'orcaops' });

  beforeAll(async () => {
    temp = await makeTempDir();
    kernel = await startOrcaOps({ cwd: temp.path, env: { ORCAOPS_HOME: temp.path, DOCKER_HOST: 'unix:///nonexistent/orcaops.sock' }, logSink: new MemoryLogSink() });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await createMcpServer({ core: kernel, version: '0', log, logs }).connect(serverSide);
    client = new Client({ name: 'beyond-tools', version: '1' });
    await client.connect(clientSide);
  });
  afterAll(async () => {
    await client?.close();
    await kernel?.stop();
    await temp?.remove();
  });

  it('declares the capabilities it serves', () => {
    expect(client.getServerCapabilities()).toMatchObject({ tools: {}, resources: { subscribe: true }, prompts: {}, completions: {}, logging: {} });
  });

  it('lists workflow prompts and fills one from its arguments, refusing a missing required one', async () => {
    const { prompts } = await client.listPrompts();
    expect(prompts.map((prompt) => prompt.name)).toEqual(['run-tests', 'debug-sandbox', 'cleanup']);
    for (const prompt of prompts) expect(prompt.description).toEqual(expect.any(String));
    const filled = await client.getPrompt({ name: 'run-tests', arguments: { image: 'node:22', command: 'npm test' } });
    const text = (filled.messages[0]!.content as { text: string }).text;
    expect(text).toContain('node:22');
    expect(text).toContain('`npm test`');
    expect(text).toContain('orcaops_run_job');
    await expect(client.getPrompt({ name: 'run-tests', arguments: {} })).rejects.toThrow(/needs image/);
    await expect(client.getPrompt({ name: 'nope' })).rejects.toThrow(/Unknown prompt/);
  });

  it('completes arguments from the tools (templates, streams, images) and answers unknown ones with nothing', async () => {
    const template = await client.complete({ ref: { type: 'ref/prompt', name: 'run-tests' }, argument: { name: 'template_id', value: 'web' } });
    expect(template.completion.values).toEqual(['web-dev']);
    const stream = await client.complete({ ref: { type: 'ref/resource', uri: 'orcaops://runs/{job_id}/logs/{stream}' }, argument: { name: 'stream', value: 'std' } });
    expect(stream.completion.values).toEqual(['stdout', 'stderr']);
    const image = await client.complete({ ref: { type: 'ref/prompt', name: 'run-tests' }, argument: { name: 'image', value: 'python:' } });
    expect(image.completion.values).toEqual(['python:3.12', 'python:3.11']);
    const unknown = await client.complete({ ref: { type: 'ref/prompt', name: 'whatever' }, argument: { name: 'arg1', value: 'x' } });
    expect(unknown.completion.values).toEqual([]);
  });

  it('lists resource templates and (with no runs) no resources; refuses an unknown URI; takes any subscription', async () => {
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((template) => template.uriTemplate)).toEqual([
      'orcaops://runs/{job_id}',
      'orcaops://runs/{job_id}/logs/{stream}',
      'orcaops://runs/{job_id}/artifacts/{path}',
      'orcaops://sandboxes/{name}/compose',
    ]);
    expect((await client.listResources()).resources).toEqual([]);
    await expect(client.readResource({ uri: 'file:///etc/passwd' })).rejects.toThrow(/Unknown resource/);
    await expect(client.readResource({ uri: 'orcaops://runs/job-none' })).rejects.toThrow(/RUN_NOT_FOUND|JOB_NOT_FOUND/);
    await expect(client.readResource({ uri: 'orcaops://sandboxes/none/compose' })).rejects.toThrow(/SANDBOX_NOT_FOUND/);
    await expect(client.readResource({ uri: 'orcaops://sandboxes/a/b/compose' })).rejects.toThrow(/Unknown resource/);
    await client.subscribeResource({ uri: 'test://watched-resource' });
    await client.unsubscribeResource({ uri: 'test://watched-resource' });
  });

  it('parses run URIs, percent-decoded, and nothing else', () => {
    expect(parseRunUri('orcaops://runs/job-1')).toEqual({ kind: 'run', jobId: 'job-1' });
    expect(parseRunUri('orcaops://runs/job-1/logs/stderr')).toEqual({ kind: 'log', jobId: 'job-1', stream: 'stderr' });
    expect(parseRunUri('orcaops://runs/job-1/artifacts/out%2Freport.xml')).toEqual({ kind: 'artifact', jobId: 'job-1', path: 'out/report.xml' });
    expect(parseRunUri('orcaops://runs/job-1/logs/both')).toBeNull();
    expect(parseRunUri('orcaops://sandboxes/x')).toBeNull();
  });

  it('sends the server log to a client only once it asks, at the level it asks for', async () => {
    const received: LoggingMessageNotification['params'][] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => void received.push(notification.params));
    log.info('before any level was asked for');
    await client.setLoggingLevel('warning');
    log.info('below the level asked for');
    log.warn('worth a warning', { job: 'job-1' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toEqual([{ level: 'warning', logger: 'orcaops', data: expect.objectContaining({ msg: 'worth a warning', job: 'job-1', level: 'warn' }) }]);
    expect(stderr.some((line) => line.includes('before any level was asked for'))).toBe(true);
  });
});
