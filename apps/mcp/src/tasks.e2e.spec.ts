import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { CallToolResultSchema, ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { DockerTestScope, TEST_IMAGE, TEST_RUN_LABEL, makeTempDir, requireDocker } from '@orcaops/testing';
import { callEnvelope, connectOrcaopsMcp } from './test-fixtures/orcaops-mcp-client.js';

/** Jobs as MCP tasks through orcaops-mcp on the real engine, with the SDK client's own task calls. */
describe('tasks through orcaops-mcp', () => {
  const scope = new DockerTestScope();
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let client: Client;
  const labels = () => ({ [TEST_RUN_LABEL]: scope.runId });

  beforeAll(async () => {
    await requireDocker();
    temp = await makeTempDir();
    client = await connectOrcaopsMcp(temp.path, 'tasks-e2e');
  });
  afterAll(async () => {
    await client?.close();
    await scope.cleanup();
    await temp?.remove();
  });

  it('lists run_job and start_sandbox as tools that may run as tasks, and says the server serves tasks', async () => {
    const { tools } = await client.listTools();
    const optional = tools.filter((tool) => tool.execution?.taskSupport === 'optional').map((tool) => tool.name);
    expect(optional.sort()).toEqual(['orcaops_run_job', 'orcaops_start_sandbox']);
    expect(client.getServerCapabilities()?.tasks).toMatchObject({ list: {}, cancel: {}, requests: { tools: { call: {} } } });
  });

  it('runs a job as a task: created at once with the job id, followed to its result, which is the reply run_job gives', async () => {
    const messages: Array<{ type: string; task?: { taskId: string; status: string }; result?: unknown }> = [];
    const stream = client.experimental.tasks.callToolStream(
      { name: 'orcaops_run_job', arguments: { image: TEST_IMAGE, commands: ['sleep 1', 'echo done-as-task'], labels: labels() } },
      CallToolResultSchema,
      { task: { ttl: 600_000 }, timeout: 120_000 },
    );
    for await (const message of stream) messages.push(message as (typeof messages)[number]);
    const created = messages.find((message) => message.type === 'taskCreated');
    expect(created?.task?.status).toBe('working');
    const jobId = created!.task!.taskId;
    const last = messages.at(-1) as { type: string; result: { structuredContent: Record<string, unknown>; isError?: boolean } };
    expect(last.type).toBe('result');
    expect(last.result.isError).toBeFalsy();
    expect(last.result.structuredContent).toMatchObject({ success: true, job_id: jobId, status: 'success', still_running: false });

    // The task is the job: the job-id tools see it, and tasks/get and tasks/list see the run.
    expect(await callEnvelope(client, 'orcaops_get_job_status', { job_id: jobId })).toMatchObject({ status: 'success' });
    expect(await client.experimental.tasks.getTask(jobId)).toMatchObject({ taskId: jobId, status: 'completed', ttl: null });
    const { tasks } = await client.experimental.tasks.listTasks();
    expect(tasks.map((task) => task.taskId)).toContain(jobId);
  }, 120_000);

  it('cancels a job through tasks/cancel, and refuses bad arguments and tools without task support before anything runs', async () => {
    const stream = client.experimental.tasks.callToolStream(
      { name: 'orcaops_run_job', arguments: { image: TEST_IMAGE, commands: ['sleep 60'], labels: labels() } },
      CallToolResultSchema,
      { task: {} },
    );
    const first = (await stream.next()).value as { type: string; task: { taskId: string } };
    expect(first.type).toBe('taskCreated');
    await stream.return(undefined);
    const cancelled = await client.experimental.tasks.cancelTask(first.task.taskId);
    expect(cancelled.status).toBe('cancelled');
    expect(await callEnvelope(client, 'orcaops_get_job_status', { job_id: first.task.taskId })).toMatchObject({ status: 'cancelled' });

    const before = await callEnvelope(client, 'orcaops_list_runs', { limit: 500 });
    const refusals = [
      client.request({ method: 'tools/call', params: { name: 'orcaops_run_job', arguments: { image: TEST_IMAGE, commands: [] }, task: {} } }, CallToolResultSchema),
      client.request({ method: 'tools/call', params: { name: 'orcaops_list_runs', arguments: {}, task: {} } }, CallToolResultSchema),
    ];
    await expect(refusals[0]).rejects.toMatchObject({ code: ErrorCode.InvalidParams, message: expect.stringContaining('VALIDATION_ERROR') });
    await expect(refusals[1]).rejects.toMatchObject({ code: ErrorCode.MethodNotFound });
    expect((await callEnvelope(client, 'orcaops_list_runs', { limit: 500 }))['total']).toBe(before['total']);
  }, 120_000);

  it('keeps a task across a restart of the server, as the job keeps running', async () => {
    const stream = client.experimental.tasks.callToolStream(
      { name: 'orcaops_run_job', arguments: { image: TEST_IMAGE, commands: ['sleep 3', 'echo survived'], labels: labels() } },
      CallToolResultSchema,
      { task: {} },
    );
    const first = (await stream.next()).value as { type: string; task: { taskId: string } };
    await stream.return(undefined);
    await client.close();
    client = await connectOrcaopsMcp(temp.path, 'tasks-e2e-after-restart');

    const result = await client.experimental.tasks.getTaskResult(first.task.taskId, CallToolResultSchema, { timeout: 120_000 });
    expect(result.structuredContent).toMatchObject({ job_id: first.task.taskId, status: 'success' });
    expect(await client.experimental.tasks.getTask(first.task.taskId)).toMatchObject({ status: 'completed' });
  }, 120_000);
});
