import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { DockerTestScope, TEST_IMAGE, TEST_RUN_LABEL, dockerCli, makeTempDir, requireDocker } from '@orcaops/testing';

const BIN = fileURLToPath(new URL('../bin/orcaops-mcp.js', import.meta.url));

describe('orcaops-mcp shutting down while a job runs', () => {
  const scope = new DockerTestScope();
  let temp: Awaited<ReturnType<typeof makeTempDir>>;

  beforeAll(async () => {
    await requireDocker();
    temp = await makeTempDir();
  });
  afterAll(async () => {
    await scope.cleanup();
    await temp?.remove();
  });

  async function connect(home: string) {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN],
      cwd: temp.path,
      env: { ...(process.env as Record<string, string>), ORCAOPS_HOME: home },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'shutdown-e2e', version: '1.0.0' });
    await client.connect(transport);
    const call = async (name: string, args: Record<string, unknown>) => {
      const result = await client.callTool({ name, arguments: args }, undefined, { timeout: 60_000 });
      return JSON.parse((result.content as Array<{ text: string }>)[0]!.text) as Record<string, any>;
    };
    return { client, transport, call };
  }

  it('ends by itself when the client goes away (its engine sockets closed), leaving the job to the next server', async () => {
    const home = join(temp.path, 'home');
    const first = await connect(home);
    const submitted = await first.call('orcaops_submit_job', { image: TEST_IMAGE, commands: ['echo before; sleep 4; echo after'], labels: { [TEST_RUN_LABEL]: scope.runId } });
    let status: Record<string, any> = {};
    for (let i = 0; i < 100 && status['steps']?.[0]?.status !== 'running'; i++) {
      status = await first.call('orcaops_get_job_status', { job_id: submitted['job_id'] });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status['steps'][0].status).toBe('running');
    const pid = first.transport.pid!;
    const exited = new Promise<number | null>((resolve) => {
      const poll = setInterval(() => {
        try {
          process.kill(pid, 0);
        } catch {
          clearInterval(poll);
          resolve(0);
        }
      }, 50);
      setTimeout(() => {
        clearInterval(poll);
        resolve(null);
      }, 10_000);
    });
    // Closing the client ends the server's stdin; with a job still running, nothing may keep the process up.
    await first.client.close();
    expect(await exited).toBe(0);
    // The job was not ended by the shutdown: its container still runs it.
    expect((await dockerCli(['inspect', '-f', '{{.State.Running}}', status['container_id']])).trim()).toBe('true');

    const second = await connect(home);
    try {
      let record: Record<string, any> = {};
      for (let i = 0; i < 300; i++) {
        record = await second.call('orcaops_get_job_status', { job_id: submitted['job_id'] });
        if (!['queued', 'running'].includes(record['status'])) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(record).toMatchObject({ status: 'success', exit_code: 0 });
      expect(record['steps'][0].stdout_tail).toBe('before\nafter\n');
    } finally {
      await second.client.close();
    }
  });
});
