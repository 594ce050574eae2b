import { describe, expect, it } from '@jest/globals';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { CallToolResultSchema, ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { defineTool, type ToolOutcome } from '@orcaops/plugin-api';
import { silentLogger } from '@orcaops/testing';
import { z } from 'zod';
import { createMcpServer, type McpCore } from './create-mcp-server.js';

const startTool = defineTool({
  name: 'orcaops_start_sandbox',
  title: 'Start a sandbox',
  description: 'Starts a sandbox.',
  category: 'sandboxes',
  input: z.object({ name: z.string().min(1) }),
  output: z.object({ name: z.string(), status: z.string() }),
  annotations: { readOnlyHint: false },
  run: async () => ({ name: '', status: '' }),
});

/** A kernel whose sandbox start waits for the test to finish it, and whose sandboxes are all running. */
function fakeCore() {
  let finish: (outcome: ToolOutcome) => void = () => undefined;
  const signals: AbortSignal[] = [];
  const core: McpCore = {
    catalog: { entries: [{ tool: startTool, pluginId: 'test' }] },
    invoker: {
      invoke: async (name, args, options = {}) => {
        const given = args as { name?: string };
        if (name === 'orcaops_get_sandbox') return { ok: true, data: { name: given.name, status: 'running' } };
        if (name !== 'orcaops_start_sandbox') return { ok: false, error: { code: 'NOT_FOUND', message: 'no such job', suggestion: '' } };
        if (!given.name) return { ok: false, error: { code: 'VALIDATION_ERROR', message: 'name: too short', suggestion: '' } };
        if (options.signal) signals.push(options.signal);
        return new Promise<ToolOutcome>((resolve) => {
          finish = resolve;
          options.signal?.addEventListener('abort', () => resolve({ ok: false, error: { code: 'CANCELLED', message: 'cancelled', suggestion: '' } }));
        });
      },
    },
  };
  return { core, signals, finish: (outcome: ToolOutcome) => finish(outcome) };
}

async function connect(core: McpCore): Promise<Client> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await createMcpServer({ core, version: '0.0.0', log: silentLogger }).connect(serverSide);
  const client = new Client({ name: 'tasks-test', version: '1.0.0' });
  await client.connect(clientSide);
  return client;
}

async function startAsTask(client: Client, args: Record<string, unknown>): Promise<string> {
  const created = (await client.request({ method: 'tools/call', params: { name: 'orcaops_start_sandbox', arguments: args, task: {} } }, z.object({ task: z.object({ taskId: z.string(), status: z.string() }) }).passthrough() as never)) as { task: { taskId: string; status: string } };
  expect(created.task.status).toBe('working');
  return created.task.taskId;
}

describe('sandbox starts as MCP tasks', () => {
  it('works while the start runs, then completes with the start\'s own result', async () => {
    const fake = fakeCore();
    const client = await connect(fake.core);
    const taskId = await startAsTask(client, { name: 'web' });
    expect(await client.experimental.tasks.getTask(taskId)).toMatchObject({ status: 'working', statusMessage: 'sandbox web starting' });
    const pending = client.experimental.tasks.getTaskResult(taskId, CallToolResultSchema);
    fake.finish({ ok: true, data: { name: 'web', status: 'running' } });
    expect((await pending).structuredContent).toEqual({ success: true, name: 'web', status: 'running' });
    expect(await client.experimental.tasks.getTask(taskId)).toMatchObject({ status: 'completed' });
    expect((await client.experimental.tasks.listTasks()).tasks.map((task) => task.taskId)).toContain(taskId);
    await client.close();
  });

  it('fails the task with the error of a start that failed, and cancels a start by aborting it', async () => {
    const fake = fakeCore();
    const client = await connect(fake.core);
    const failing = await startAsTask(client, { name: 'db' });
    fake.finish({ ok: false, error: { code: 'START_FAILED', message: 'db exited', suggestion: 'Read its log.' } });
    const result = await client.experimental.tasks.getTaskResult(failing, CallToolResultSchema);
    expect(result.isError).toBe(true);
    expect(await client.experimental.tasks.getTask(failing)).toMatchObject({ status: 'failed', statusMessage: 'START_FAILED: db exited' });

    const cancelled = await startAsTask(client, { name: 'cache' });
    expect(await client.experimental.tasks.cancelTask(cancelled)).toMatchObject({ status: 'cancelled' });
    expect(fake.signals.at(-1)?.aborted).toBe(true);
    await client.close();
  });

  it('answers a start it has no memory of (a restarted server) from the sandbox, and refuses bad arguments without starting', async () => {
    const fake = fakeCore();
    const client = await connect(fake.core);
    expect(await client.experimental.tasks.getTask('sandbox-start:web:1700000000000')).toMatchObject({ status: 'completed', createdAt: '2023-11-14T22:13:20.000Z' });
    await expect(client.experimental.tasks.getTask('sandbox-start:web')).rejects.toMatchObject({ code: ErrorCode.InvalidParams });
    await expect(client.request({ method: 'tools/call', params: { name: 'orcaops_start_sandbox', arguments: { name: '' }, task: {} } }, CallToolResultSchema)).rejects.toMatchObject({
      code: ErrorCode.InvalidParams,
    });
    expect(fake.signals).toEqual([]);
    await client.close();
  });
});
