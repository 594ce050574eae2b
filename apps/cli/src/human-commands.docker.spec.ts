import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DockerTestScope, TEST_IMAGE, TEST_RUN_LABEL, TEST_SERVICE_IMAGE, removeComposeProject, requireDocker } from '@orcaops/testing';
import { BIN, cliEnv, runCli, tempHome } from './test-fixtures/spawn-cli.js';

/**
 * The commands for people through the built bin against the real engine: what they print, where (stdout or
 * stderr), their exit codes, and that what they start is seen through to its end.
 */
describe('orcaops jobs, logs, cancel, artifacts, runs and sandbox (built bin, real engine)', () => {
  const scope = new DockerTestScope();
  const sandbox = `cli-${randomUUID().slice(0, 8)}`;
  let home: ReturnType<typeof tempHome>;
  const env = () => ({ DOCKER_HOST: process.env['DOCKER_HOST'] ?? 'unix:///var/run/docker.sock' });
  const cli = (args: readonly string[]) => runCli(args, home.dir, { env: env() });
  const run = (args: readonly string[]) => cli(['run', TEST_IMAGE, '--label', `${TEST_RUN_LABEL}=${scope.runId}`, ...args]);
  const status = async (jobId: string) => JSON.parse((await cli(['logs', jobId, '--json', '--tail', '1'])).stdout)['status'];

  beforeAll(async () => {
    await requireDocker();
    home = tempHome();
  });
  afterAll(async () => {
    await scope.cleanup();
    await removeComposeProject(sandbox);
    home?.remove();
  });

  it('lists a finished job, prints its logs stream by stream, and downloads its artifact checked against its sha256', async () => {
    const ran = await run(['--artifact', 'report.txt', '--', 'sh', '-c', 'echo out-1; echo err-1 >&2; echo out-2; printf "report\\n" > report.txt']);
    expect(ran).toMatchObject({ code: 0, stdout: 'out-1\nout-2\n', stderr: 'err-1\n' });

    const ids = (await cli(['jobs', '-q'])).stdout.trim().split('\n');
    const jobId = ids[0]!;
    expect(jobId).toMatch(/^job-/);
    const listed = JSON.parse((await cli(['jobs', '--json', '--limit', '1'])).stdout);
    expect(listed).toMatchObject({ success: true, jobs: [{ job_id: jobId, status: 'success', steps: 1 }] });
    const table = await cli(['jobs']);
    expect(table.stdout).toMatch(new RegExp(`^JOB +STATUS +IMAGE.*\\n${jobId} +success +${TEST_IMAGE}`));

    expect(await cli(['logs', jobId])).toMatchObject({ code: 0, stdout: 'out-1\nout-2\n', stderr: 'err-1\n' });
    expect(await cli(['logs', jobId, '--stream', 'stdout', '--tail', '1'])).toMatchObject({ code: 0, stdout: 'out-2\n', stderr: '' });
    expect(await cli(['logs', jobId, '--step', '0', '--stream', 'stderr'])).toMatchObject({ code: 0, stdout: '', stderr: 'err-1\n' });
    expect(await cli(['logs', jobId, '--step', '3'])).toMatchObject({ code: 1, stderr: expect.stringContaining('step 3 does not exist') });
    expect(JSON.parse((await cli(['logs', jobId, '--json'])).stdout)).toMatchObject({ success: true, stdout: { text: 'out-1\nout-2\n' }, stderr: { text: 'err-1\n' } });

    const artifacts = await cli(['artifacts', jobId]);
    expect(artifacts.stdout).toMatch(/^PATH +SIZE +SHA256\nworkspace\/report\.txt +7 B +[0-9a-f]{12}\n$/);
    const got = await cli(['artifacts', jobId, 'get', 'workspace/report.txt']);
    expect(got.code).toBe(0);
    expect(readFileSync(join(home.dir, 'report.txt'), 'utf8')).toBe('report\n');
    // An existing file is not replaced without --force, and is left as it was.
    writeFileSync(join(home.dir, 'report.txt'), 'mine');
    expect(await cli(['artifacts', jobId, 'get', 'workspace/report.txt'])).toMatchObject({ code: 1, stderr: expect.stringContaining('--force') });
    expect(readFileSync(join(home.dir, 'report.txt'), 'utf8')).toBe('mine');
    expect(await cli(['artifacts', jobId, 'get', 'workspace/report.txt', '-o', '-'])).toMatchObject({ code: 0, stdout: 'report\n' });
    mkdirSync(join(home.dir, 'into'));
    expect(await cli(['artifacts', jobId, 'get', 'workspace/report.txt', '-o', 'into'])).toMatchObject({ code: 0 });
    expect(readFileSync(join(home.dir, 'into', 'report.txt'), 'utf8')).toBe('report\n');
    expect(JSON.parse((await cli(['artifacts', jobId, 'get', 'workspace/report.txt', '-o', 'into', '--json'])).stdout)).toMatchObject({ success: false, error: { code: 'CONFLICT' } });
    const saved = JSON.parse((await cli(['artifacts', jobId, 'get', 'workspace/report.txt', '--force', '--json'])).stdout);
    expect(saved).toMatchObject({ success: true, sha256: createHash('sha256').update('report\n').digest('hex') });
    expect(await cli(['artifacts', jobId, 'get', 'nope.txt'])).toMatchObject({ code: 1, stderr: expect.stringContaining('has no artifact') });

    expect(await cli(['runs', 'cleanup', '--older-than', '1d', '--dry-run'])).toMatchObject({ code: 0, stdout: 'No finished runs older than 1 day.\n' });
    expect(await cli(['runs', 'delete', jobId])).toMatchObject({ code: 0, stdout: `${jobId}: deleted\n` });
    expect(await cli(['logs', jobId])).toMatchObject({ code: 1, stderr: expect.stringContaining(jobId) });
  }, 120_000);

  it("copies an input directory that holds OrcaOps's own state without that state (stored secrets, growing logs)", async () => {
    const project = join(home.dir, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'a.txt'), 'a');
    const inner = { ...env(), ORCAOPS_HOME: join(project, '.orcaops') };
    expect(await runCli(['secrets', 'set', 'token'], home.dir, { env: inner, input: 'a-stored-secret-value' })).toMatchObject({ code: 0 });
    const listed = await runCli(['run', TEST_IMAGE, '--label', `${TEST_RUN_LABEL}=${scope.runId}`, '--input', 'project', '--', 'sh', '-c', 'ls -A'], home.dir, { env: inner });
    expect(listed).toMatchObject({ code: 0, stdout: 'a.txt\n' });
  }, 60_000);

  it('copies output live, in order, and shows step progress on a terminal', async () => {
    const child = spawn(process.execPath, [BIN, 'run', TEST_IMAGE, '--label', `${TEST_RUN_LABEL}=${scope.runId}`, '--', 'sh', '-c', 'echo first; sleep 3; echo second'], {
      cwd: home.dir,
      env: cliEnv(home.dir, env()),
      stdio: 'pipe',
    });
    const chunks: string[] = [];
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => chunks.push(chunk));
    const code = await new Promise((done) => child.on('close', done));
    expect(code).toBe(0);
    // "first" arrived on its own, while the command was still sleeping before "second".
    expect(chunks.join('')).toBe('first\nsecond\n');
    expect(chunks[0]).toMatch(/^first\n?$/);

    // On a terminal (a pseudo-terminal from script(1)) the progress lines go to stderr between the output.
    const tty = await new Promise<{ code: number | null; output: string }>((done) => {
      const command = [process.execPath, BIN, 'run', TEST_IMAGE, '--label', `${TEST_RUN_LABEL}=${scope.runId}`, '--', 'sh', '-c', 'echo hi; exit 4'].map((word) => `'${word}'`).join(' ');
      const script = spawn('script', ['-qec', command, '/dev/null'], { cwd: home.dir, env: cliEnv(home.dir, env()), stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      script.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      script.on('close', (exit) => done({ code: exit, output }));
    });
    expect(tty.code).toBe(4);
    expect(tty.output).toMatch(/» step 1\/1: sh -c 'echo hi; exit 4'\S*\r?\nhi\r?\n[\s\S]*» step 1\/1 failed with exit code 4[\s\S]*» job job-\S+ failed in/);
  }, 120_000);

  it('--detach hands the job to a process of its own: logs -f follows it to the end; cancel stops another', async () => {
    const detached = await run(['--detach', '--', 'sh', '-c', 'for i in 1 2 3; do echo line$i; sleep 1; done']);
    expect(detached).toMatchObject({ code: 0, stdout: expect.stringMatching(/^job-\S+\n$/) });
    const jobId = detached.stdout.trim();
    expect(await cli(['logs', jobId, '-f'])).toMatchObject({ code: 0, stdout: 'line1\nline2\nline3\n' });
    expect(await status(jobId)).toBe('success');

    // A run whose reader goes away (run … | head -1) hands its job off too, and exits 141 as a broken pipe does.
    const piped = spawn(process.execPath, [BIN, 'run', TEST_IMAGE, '--label', `${TEST_RUN_LABEL}=${scope.runId}`, '--', 'sh', '-c', 'seq 1 100000; sleep 2; echo end'], {
      cwd: home.dir,
      env: cliEnv(home.dir, env()),
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    await new Promise((first) => piped.stdout.once('data', first));
    piped.stdout.destroy();
    expect(await new Promise((done) => piped.on('close', done))).toBe(141);
    const unread = JSON.parse((await cli(['jobs', '--json', '--limit', '1'])).stdout)['jobs'][0]['job_id'];
    expect(await cli(['logs', unread, '-f', '--stream', 'stderr'])).toMatchObject({ code: 0 });
    expect(await status(unread)).toBe('success');
    expect(await cli(['logs', unread, '--stream', 'stdout', '--tail', '1'])).toMatchObject({ code: 0, stdout: 'end\n' });

    // A run that is terminated (not interrupted) hands its job off too, rather than leaving it unsupervised.
    const child = spawn(process.execPath, [BIN, 'run', TEST_IMAGE, '--label', `${TEST_RUN_LABEL}=${scope.runId}`, '--', 'sh', '-c', 'echo begun; sleep 2; echo done'], {
      cwd: home.dir,
      env: cliEnv(home.dir, env()),
      stdio: 'pipe',
    });
    let begun = '';
    await new Promise<void>((started) => child.stdout.setEncoding('utf8').on('data', (chunk: string) => (begun += chunk).includes('begun') && started()));
    child.kill('SIGTERM');
    expect(await new Promise((done) => child.on('close', done))).toBe(143);
    const handed = JSON.parse((await cli(['jobs', '--json', '--limit', '1'])).stdout)['jobs'][0]['job_id'];
    expect(await cli(['logs', handed, '-f'])).toMatchObject({ code: 0, stdout: 'begun\ndone\n' });
    expect(await status(handed)).toBe('success');

    const long = (await run(['--detach', '--', 'sleep', '120'])).stdout.trim();
    expect(await cli(['cancel', long])).toMatchObject({ code: 0, stdout: `${long}: cancelled\n` });
    expect(await cli(['logs', long, '-f'])).toMatchObject({ code: 0 });
    expect(await cli(['cancel', long])).toMatchObject({ code: 1, stderr: expect.stringContaining('already ended') });
    expect(JSON.parse((await cli(['cancel', long, 'job-nope', '--json'])).stdout)).toEqual([
      expect.objectContaining({ success: false, error: expect.objectContaining({ code: 'JOB_NOT_RUNNING' }) }),
      expect.objectContaining({ success: false }),
    ]);
  }, 120_000);

  it('creates, starts, lists, runs a command in and stops a sandbox', async () => {
    const images = ['api', 'cache', 'db'].flatMap((service) => ['--image', `${service}=${TEST_SERVICE_IMAGE}`]);
    const ports = ['api', 'cache', 'db'].flatMap((service) => ['--publish', `${service}=0`]);
    expect(await cli(['sandbox', 'create', 'api-testing', sandbox, ...images, ...ports])).toMatchObject({ code: 0, stdout: expect.stringContaining(`orcaops sandbox up ${sandbox}`) });
    const up = await cli(['sandbox', 'up', sandbox]);
    expect(up).toMatchObject({ code: 0, stdout: expect.stringMatching(new RegExp(`^Sandbox ${sandbox} is running\\.\\n  api: running`)) });
    expect(up.stdout).toMatch(/api port 3000 → 127\.0\.0\.1:\d+/);
    expect((await cli(['sandbox', 'list', '-q'])).stdout).toBe(`${sandbox}\n`);
    expect(JSON.parse((await cli(['sandbox', 'list', '--json'])).stdout)).toMatchObject({ success: true, sandboxes: [{ name: sandbox, status: 'running', running: 3 }] });
    expect(await cli(['sandbox', 'exec', sandbox, 'api', '--', 'sh', '-c', 'echo to-out; echo to-err >&2; exit 5'])).toEqual({ code: 5, stdout: 'to-out\n', stderr: 'to-err\n' });
    expect(await cli(['sandbox', 'down', sandbox])).toMatchObject({ code: 0, stdout: `Stopped sandbox ${sandbox}: 3 containers removed.\n` });
    expect(await cli(['sandbox', 'remove', sandbox])).toMatchObject({ code: 0, stdout: expect.stringContaining(`Removed sandbox ${sandbox} from OrcaOps`) });
    expect((await cli(['sandbox', 'list', '-q'])).stdout).toBe('');
    expect((await cli(['sandbox', 'templates', '-q'])).stdout).toBe('web-dev\npython-ml\napi-testing\n');
    expect(await cli(['sandbox', 'up', 'no-such-sandbox'])).toMatchObject({ code: 1, stderr: expect.stringContaining('no-such-sandbox') });
  }, 240_000);
});
