import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DockerTestScope, TEST_IMAGE, TEST_RUN_LABEL, requireDocker } from '@orcaops/testing';
import { BIN, cliEnv, runCli, tempHome } from './test-fixtures/spawn-cli.js';

/** `orcaops run` against the real engine: live output, exit codes, and Ctrl-C through a real signal. */
describe('orcaops run (built bin, real engine)', () => {
  const scope = new DockerTestScope();
  let home: ReturnType<typeof tempHome>;
  const dockerEnv = () => ({ DOCKER_HOST: process.env['DOCKER_HOST'] ?? 'unix:///var/run/docker.sock' });
  const run = (args: readonly string[]) => runCli(['run', TEST_IMAGE, '--label', `${TEST_RUN_LABEL}=${scope.runId}`, ...args], home.dir, { env: dockerEnv() });

  beforeAll(async () => {
    await requireDocker();
    home = tempHome();
  });
  afterAll(async () => {
    await scope.cleanup();
    home?.remove();
  });

  it("copies the command's stdout and stderr apart, passes words through exactly, and exits with its exit code", async () => {
    const failed = await run(['--env', 'GREETING=hi there', '--', 'sh', '-c', 'echo "$GREETING"; echo oops >&2; exit 3']);
    expect(failed).toMatchObject({ code: 3, stdout: 'hi there\n', stderr: 'oops\n' });
    const quoted = await run(['--', 'printf', '[%s]\\n', 'a b', "it's", '$HOME', '*']);
    expect(quoted).toMatchObject({ code: 0, stdout: "[a b]\n[it's]\n[$HOME]\n[*]\n" });
    const timedOut = await run(['--timeout', '10', '--', 'sleep', '30']);
    expect(timedOut.code).toBe(124);
    const detached = await run(['--detach', '--', 'true']);
    expect(detached).toMatchObject({ code: 0, stdout: expect.stringMatching(/^job-\S+\n$/) });
    expect(await runCli(['run', 'orcaops-test/no-such-image:1', '--', 'true'], home.dir, { env: dockerEnv() })).toMatchObject({ code: 125, stderr: expect.stringContaining('orcaops:') });
  }, 120_000);

  it('cancels the job on Ctrl-C (SIGINT), keeping what it printed, and exits 130', async () => {
    const child = spawn(process.execPath, [BIN, 'run', TEST_IMAGE, '--label', `${TEST_RUN_LABEL}=${scope.runId}`, '--', 'sh', '-c', 'echo started; sleep 60; echo never'], {
      cwd: home.dir,
      env: cliEnv(home.dir, dockerEnv()),
      stdio: 'pipe',
    });
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    await new Promise<void>((resolve) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        if (stdout.includes('started')) resolve();
      });
    });
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(stdout).toBe('started\n');
    expect(stderr).toContain('cancelling job');
  }, 120_000);
});
