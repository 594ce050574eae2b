import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { DockerTestScope, TEST_IMAGE, TEST_RUN_LABEL, dockerCli, makeTempDir, requireDocker } from '@orcaops/testing';

const BIN = fileURLToPath(new URL('../bin/orcaops-mcp.js', import.meta.url));

describe('job and run tools through orcaops-mcp', () => {
  const scope = new DockerTestScope();
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  const clients: Client[] = [];

  beforeAll(async () => {
    await requireDocker();
    temp = await makeTempDir();
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
    await scope.cleanup();
    await temp?.remove();
  });

  async function connect(home = join(temp.path, 'home')): Promise<{ client: Client; transport: StdioClientTransport }> {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN],
      cwd: temp.path,
      env: { ...(process.env as Record<string, string>), ORCAOPS_HOME: home },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'jobs-e2e', version: '1.0.0' });
    await client.connect(transport);
    clients.push(client);
    return { client, transport };
  }

  async function call(client: Client, name: string, args: Record<string, unknown>): Promise<Record<string, any>> {
    const result = await client.callTool({ name, arguments: args }, undefined, { timeout: 120_000 });
    const [block] = result.content as Array<{ text: string }>;
    return JSON.parse(block!.text) as Record<string, any>;
  }

  const labels = () => ({ [TEST_RUN_LABEL]: scope.runId });

  it('runs a job, pages its logs, serves its artifacts and keeps it in the run history', async () => {
    const { client } = await connect();
    const progress: number[] = [];
    const messages: string[] = [];
    const result = await client.callTool(
      {
        name: 'orcaops_run_job',
        arguments: { image: TEST_IMAGE, commands: ['seq 1 500', 'echo done > result.txt; echo warn >&2'], artifacts: ['result.txt'], labels: labels() },
      },
      undefined,
      {
        timeout: 120_000,
        onprogress: (update) => {
          progress.push(update.progress);
          messages.push(update.message ?? '');
        },
      },
    );
    const job = result.structuredContent as Record<string, any>;
    expect(job).toMatchObject({ success: true, status: 'success', exit_code: 0, still_running: false });
    expect(job['steps'][1]).toMatchObject({ exit_code: 0, stderr_tail: 'warn\n' });
    expect(progress.length).toBeGreaterThanOrEqual(2);
    // A client that gives up on the call has already been told which job to follow.
    expect(messages[0]).toBe(`job ${job['job_id']} queued`);

    const tail = await call(client, 'orcaops_get_job_logs', { job_id: job['job_id'], stream: 'stdout', step: 0, tail_lines: 3 });
    expect(tail['stdout']).toMatchObject({ text: '498\n499\n500\n', truncated: false });
    const page = await call(client, 'orcaops_get_job_logs', { job_id: job['job_id'], stream: 'stdout', offset: 0, max_bytes: 10 });
    // max_bytes is the text's size in JSON: "1\n2\n3" is 9 bytes with its quotes and escaped newlines.
    expect(page['stdout']).toMatchObject({ text: '1\n2\n3', encoding: 'text', replaced: 0, offset: 0, next_offset: 5, truncated: true });

    const artifacts = await call(client, 'orcaops_list_artifacts', { job_id: job['job_id'] });
    expect(artifacts['artifacts']).toEqual([expect.objectContaining({ path: 'workspace/result.txt', size: 5 })]);
    const artifact = await call(client, 'orcaops_get_artifact', { job_id: job['job_id'], filename: 'workspace/result.txt' });
    expect(artifact).toMatchObject({ encoding: 'utf8', content: 'done\n', next_offset: null });
    const traversal = await call(client, 'orcaops_get_artifact', { job_id: job['job_id'], filename: '../record.json' });
    expect(traversal['error']['code']).toBe('INVALID_PATH');

    const runs = await call(client, 'orcaops_list_runs', { status: 'success' });
    expect(runs['runs'].map((run: { job_id: string }) => run.job_id)).toContain(job['job_id']);
    const run = await call(client, 'orcaops_get_run', { job_id: job['job_id'] });
    expect(run['run']).toMatchObject({ job_id: job['job_id'], status: 'success', cleanup: { container_removed: true } });
    const cleanup = await call(client, 'orcaops_cleanup_runs', { older_than_days: 1, dry_run: true });
    expect(cleanup).toMatchObject({ success: true, dry_run: true, deleted: 0 });
    expect(await call(client, 'orcaops_delete_run', { job_id: job['job_id'] })).toMatchObject({ success: true, deleted: true });
    expect((await call(client, 'orcaops_get_run', { job_id: job['job_id'] }))['error']['code']).toBe('RUN_NOT_FOUND');
  });

  it('keeps run_job, get_job_status and get_run replies of a job of 100 binary steps under 64 KiB', async () => {
    const { client } = await connect();
    /** Prints 8 KiB of bytes 0x00-0x1F on stdout, then a line marking the end, and the same on stderr. */
    const dump = [
      `dump() { i=0; while [ $i -lt 256 ]; do printf '${Array.from({ length: 32 }, (_, byte) => `\\${byte.toString(8).padStart(3, '0')}`).join('')}'; i=$((i+1)); done; }`,
      'dump; echo "END-stdout-$1"; dump >&2; echo "END-stderr-$1" >&2',
    ].join('\n');
    const commands = Array.from({ length: 100 }, (_, step) => (step === 99 ? `sh dump.sh ${step}; exit 3` : `sh dump.sh ${step}`));
    const limit = 64 * 1024;
    /** A tool's reply and what it cost on the wire: the structured copy and the text copy, both JSON-encoded. */
    const measured = async (name: string, args: Record<string, unknown>) => {
      const result = await client.callTool({ name, arguments: args }, undefined, { timeout: 300_000 });
      const [block] = result.content as Array<{ text: string }>;
      const bytes = Buffer.byteLength(JSON.stringify(result.structuredContent)) + Buffer.byteLength(JSON.stringify(block!.text));
      const data = result.structuredContent as Record<string, any>;
      expect(data['success']).toBe(true);
      expect(data['reply_truncated']).toBeUndefined();
      expect(bytes).toBeLessThanOrEqual(limit);
      return data;
    };
    const expectFitted = (job: Record<string, any>) => {
      expect(job).toMatchObject({ status: 'failed', exit_code: 3, cut: { tails_cut: expect.any(Number) } });
      expect(job['steps']).toHaveLength(100);
      job['steps'].forEach((step: Record<string, string>, index: number) => {
        expect(step['stdout_tail']).toMatch(new RegExp(`END-stdout-${index}\\n$`));
        expect(step['stderr_tail']).toMatch(new RegExp(`END-stderr-${index}\\n$`));
      });
      expect(job['steps'][99]['stdout_tail'].length).toBeGreaterThan(job['steps'][0]['stdout_tail'].length);
    };

    const job = await measured('orcaops_run_job', { image: TEST_IMAGE, commands, inputs: { files: [{ path: 'dump.sh', content: dump }] }, labels: labels(), wait_seconds: 300 });
    expectFitted(job);
    expectFitted(await measured('orcaops_get_job_status', { job_id: job['job_id'] }));
    const logs = await call(client, 'orcaops_get_job_logs', { job_id: job['job_id'], stream: 'stdout', step: 99, tail_lines: 1 });
    expect(logs['stdout']['size']).toBe(8192 + 'END-stdout-99\n'.length);

    const steps: number[] = [];
    for (let offset: number | null = 0; offset !== null; ) {
      const page = await measured('orcaops_get_run', { job_id: job['job_id'], step_offset: offset });
      expect(page['steps_total']).toBe(100);
      for (const step of page['run']['steps']) {
        steps.push(step.index);
        expect(step.stdout.tail).toMatch(new RegExp(`END-stdout-${step.index}\\n$`));
      }
      offset = page['steps_next_offset'];
    }
    expect(steps).toEqual(Array.from({ length: 100 }, (_, index) => index));
  });

  it('a cancelled orcaops_run_job call leaves its job running, named by the first progress notification', async () => {
    const { client } = await connect();
    const controller = new AbortController();
    let jobId = '';
    const pending = client.callTool({ name: 'orcaops_run_job', arguments: { image: TEST_IMAGE, commands: ['sleep 60'], labels: labels() } }, undefined, {
      timeout: 120_000,
      signal: controller.signal,
      onprogress: (update) => {
        const named = /^job (\S+) queued$/.exec(update.message ?? '');
        if (!named) return;
        jobId = named[1]!;
        controller.abort();
      },
    });
    await expect(pending).rejects.toThrow();
    expect(jobId).not.toBe('');
    const status = await call(client, 'orcaops_get_job_status', { job_id: jobId });
    expect(['queued', 'running']).toContain(status['status']);
    expect(await call(client, 'orcaops_cancel_job', { job_id: jobId })).toMatchObject({ success: true, status: 'cancelled' });
  });

  it('submits, refuses to delete a running job, cancels it, and reports bad input with the field', async () => {
    const { client } = await connect();
    const submitted = await call(client, 'orcaops_submit_job', { image: TEST_IMAGE, commands: ['echo started; sleep 60'], labels: labels() });
    expect(submitted).toMatchObject({ success: true, status: 'queued' });
    const refused = await call(client, 'orcaops_delete_run', { job_id: submitted['job_id'] });
    expect(refused['error']['code']).toBe('CONFLICT');
    const cancelled = await call(client, 'orcaops_cancel_job', { job_id: submitted['job_id'] });
    expect(cancelled).toMatchObject({ success: true, status: 'cancelled' });
    expect((await call(client, 'orcaops_cancel_job', { job_id: submitted['job_id'] }))['error']['code']).toBe('JOB_NOT_RUNNING');
    expect((await call(client, 'orcaops_get_job_status', { job_id: 'no-such-job' }))['error']['code']).toBe('JOB_NOT_FOUND');

    const missingImage = await call(client, 'orcaops_run_job', { image: '127.0.0.1:1/orcaops-test/missing:1', commands: ['true'], labels: labels() });
    expect(missingImage).toMatchObject({ success: false, error: { code: expect.stringMatching(/^IMAGE_(NOT_FOUND|PULL_FAILED)$/), suggestion: expect.any(String) } });

    const invalid = await call(client, 'orcaops_run_job', { image: TEST_IMAGE, commands: ['true'], timeout: 5 });
    expect(invalid['error']).toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringContaining('timeout') });
    const badId = await call(client, 'orcaops_submit_job', { image: TEST_IMAGE, commands: ['true'], job_id: '-bad' });
    expect(badId['error']['message']).toContain('job_id');
  });

  it('finishes a job whose server was killed mid-job: the next server resumes it and completes the record', async () => {
    const home = join(temp.path, 'restart-home');
    const first = await connect(home);
    const submitted = await call(first.client, 'orcaops_submit_job', {
      image: TEST_IMAGE,
      commands: ['echo before', 'sleep 3; echo after > out.txt; echo after'],
      artifacts: ['out.txt'],
      labels: labels(),
    });
    for (let i = 0; i < 100; i++) {
      const status = await call(first.client, 'orcaops_get_job_status', { job_id: submitted['job_id'] });
      if (status['steps'].some((step: { status: string }) => step.status === 'running' || step.status === 'success')) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    process.kill(first.transport.pid!, 'SIGKILL');

    const second = await connect(home);
    let record: Record<string, any> = {};
    for (let i = 0; i < 300; i++) {
      record = await call(second.client, 'orcaops_get_job_status', { job_id: submitted['job_id'] });
      if (!['queued', 'running'].includes(record['status'])) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(record).toMatchObject({ status: 'success', exit_code: 0, cleanup: { container_removed: true } });
    expect(record['steps'].map((step: { stdout_tail: string }) => step.stdout_tail)).toEqual(['before\n', 'after\n']);
    expect(record['artifacts']).toEqual([expect.objectContaining({ path: 'workspace/out.txt' })]);
    const logs = await call(second.client, 'orcaops_get_job_logs', { job_id: submitted['job_id'], stream: 'stdout' });
    expect(logs['stdout']['text']).toBe('before\nafter\n');
    await expect(dockerCli(['inspect', record['container_id']])).rejects.toThrow();
  });
});
