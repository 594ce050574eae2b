import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JobSpecSchema, queuedRunRecord, type RunRecord } from '@orcaops/contracts';
import { cliEnv, runCli, tempHome } from './test-fixtures/spawn-cli.js';

const MCP_BIN = fileURLToPath(new URL('../../mcp/bin/orcaops-mcp.js', import.meta.url));

/**
 * A run left by a process that is gone, written as the run store lays it out (record plus listing entry), with no
 * lease: whichever process recovers jobs would take it.
 */
function writeOrphan(home: string, jobId: string, fields: Partial<RunRecord>): () => RunRecord {
  const created = new Date();
  const record = { ...queuedRunRecord(jobId, JobSpecSchema.parse({ image: 'orcaops-test/busybox:latest', commands: ['true'] }), created), ...fields };
  const dir = join(home, 'runs', jobId);
  mkdirSync(join(home, 'runs', '.index'), { recursive: true });
  mkdirSync(dir);
  writeFileSync(join(dir, 'record.json'), JSON.stringify(record));
  writeFileSync(join(home, 'runs', '.index', `${String(created.getTime()).padStart(13, '0')}-${jobId}`), '');
  return () => JSON.parse(readFileSync(join(dir, 'record.json'), 'utf8')) as RunRecord;
}

/** The version the kernel reports, read from its package the same way the kernel does. */
const VERSION = (JSON.parse(readFileSync(new URL('../../../libs/kernel/package.json', import.meta.url), 'utf8')) as { version: string }).version;

let home: ReturnType<typeof tempHome>;
beforeAll(() => {
  home = tempHome();
});
afterAll(() => {
  home.remove();
});
const run = (args: readonly string[], options?: Parameters<typeof runCli>[2]) => runCli(args, home.dir, options);

describe('orcaops (built bin)', () => {
  it('--version prints the OrcaOps version', async () => {
    const result = await run(['--version']);
    expect(result).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('--help prints usage on stdout', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: orcaops <command>/);
    expect(result.stdout).toContain('call <tool> [json-args]');
  });

  it('tools lists the tools grouped by category, one line each', async () => {
    const result = await run(['tools']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('system');
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}orcaops_system_info +System information +read-only$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}orcaops_cleanup_containers +Clean up stopped containers +destructive$/));
  });

  it('tools --stats says how large the tool list is, the part a model reads and the output schemas, largest first', async () => {
    const result = await run(['tools', '--stats']);
    expect(result.code).toBe(0);
    const [summary, , header, ...rows] = result.stdout.trimEnd().split('\n');
    const [, count, total, model, output] = /^(\d+) tools, ([\d,]+) characters as listed: ([\d,]+) for names.*, ([\d,]+) for output schemas$/.exec(summary!)!;
    const number = (text: string) => Number(text.replace(/,/g, ''));
    // In all is more than its two parts: titles, annotations and _meta are listed too.
    expect(number(total!)).toBeGreaterThan(number(model!) + number(output!));
    expect(rows).toHaveLength(Number(count));
    expect(header).toMatch(/^tool +all +model +output$/);
    const columns = rows.map((row) => row.trim().split(/ +/).slice(1).map(number));
    const modelSizes = columns.map(([, modelSize]) => modelSize!);
    expect(modelSizes).toEqual([...modelSizes].sort((a, b) => b - a));
    expect(modelSizes.reduce((a, b) => a + b, 0)).toBe(number(model!));
    expect(columns.reduce((sum, [, , outputSize]) => sum + outputSize!, 0)).toBe(number(output!));
  });

  it('serves only the read-only tools with --read-only, and the configured selection (tools: preset, allow, deny)', async () => {
    const readOnly = await run(['tools', '--read-only']);
    expect(readOnly.code).toBe(0);
    const listed = readOnly.stdout.split('\n').filter((line) => line.startsWith('  '));
    expect(listed.length).toBeGreaterThan(10);
    expect(listed.every((line) => / read-only$/.test(line))).toBe(true);
    const refused = await run(['call', 'orcaops_cleanup_containers', '{"dry_run": true}', '--read-only']);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).error.code).toBe('TOOL_NOT_FOUND');

    const file = join(home.dir, 'selection.config.json');
    writeFileSync(file, JSON.stringify({ tools: { preset: 'jobs', allow: ['orcaops_list_templates'], deny: ['orcaops_delete_run', 'orcaops_no_such_tool'] } }));
    const selected = await run(['tools', '--config', file, '--debug']);
    const names = selected.stdout.split('\n').filter((line) => line.startsWith('  ')).map((line) => line.trim().split(/ +/)[0]);
    expect(names).toEqual(expect.arrayContaining(['orcaops_run_job', 'orcaops_list_runs', 'orcaops_system_info', 'orcaops_list_templates']));
    expect(names).not.toContain('orcaops_delete_run');
    expect(names).not.toContain('orcaops_start_sandbox');
    expect(selected.stderr).toContain('orcaops_no_such_tool, which is not a loaded tool');
  });

  it('tools says on stderr which plugins were skipped and why, and lists the rest', async () => {
    const fixtures = fileURLToPath(new URL('../../../libs/kernel/test-fixtures/', import.meta.url));
    const file = join(home.dir, 'clash.config.json');
    writeFileSync(file, JSON.stringify({ plugins: [join(fixtures, 'good-plugin'), join(fixtures, 'duplicate-plugin'), join(fixtures, 'broken-plugin')] }));
    const result = await run(['tools', '--config', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ {2}fixture_say_hello +Say hello +read-only$/m);
    expect(result.stderr).toMatch(/^orcaops: plugin .*duplicate-plugin was skipped: Tool "fixture_say_hello" .*already declared by plugin fixture-good/m);
    expect(result.stderr).toMatch(/^orcaops: plugin .*broken-plugin was skipped: .*exploded/m);
  });

  it('call orcaops_system_info prints the success envelope, with or without Docker', async () => {
    const result = await run(['call', 'orcaops_system_info']);
    expect(result.code).toBe(0);
    const envelope = JSON.parse(result.stdout) as Record<string, any>;
    expect(Object.keys(envelope)[0]).toBe('success');
    expect(envelope['success']).toBe(true);
    expect(envelope['orcaops']).toMatchObject({ version: VERSION, home: home.dir, config_file: null });
    expect(typeof envelope['docker'].available).toBe('boolean');
    expect(result.stdout).toMatch(/^\{\n {2}"success": true,/);
  });

  it('call with invalid arguments prints a VALIDATION_ERROR envelope and exits 1', async () => {
    const result = await run(['call', 'orcaops_cleanup_containers', '{"dry_run":"x"}']);
    expect(result.code).toBe(1);
    const envelope = JSON.parse(result.stdout) as { success: boolean; error: { code: string; message: string; suggestion: string } };
    expect(envelope.success).toBe(false);
    expect(envelope.error.code).toBe('VALIDATION_ERROR');
    expect(envelope.error.message).toContain('dry_run');
    expect(envelope.error.suggestion).not.toBe('');
  });

  it('call reads json-args from stdin with "-"', async () => {
    const result = await run(['call', 'orcaops_cleanup_containers', '-'], { input: '{"dry_run": "x"}' });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).error.message).toContain('dry_run');
  });

  it('call of an unknown tool is a tool failure (exit 1, TOOL_NOT_FOUND)', async () => {
    const result = await run(['call', 'orcaops_no_such_tool']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).error.code).toBe('TOOL_NOT_FOUND');
  });

  it.each([
    [['frobnicate'], /Unknown command "frobnicate"/],
    [[], /Missing command/],
    [['tools', '--bogus'], /Unknown option '--bogus'/],
    [['call'], /expected "orcaops call <tool> \[json-args\]"/],
    [['call', 'orcaops_system_info', '{not json'], /json-args is not valid JSON/],
  ])('bad usage %j exits 2 with a message on stderr', async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('orcaops --help');
  });

  it('a missing --config file is a CONFIG_INVALID start-up error: message, suggestion, exit 2', async () => {
    const missing = join(home.dir, 'missing.json');
    const result = await run(['tools', '--config', missing]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`Cannot read the configuration file ${missing}`);
    expect(result.stderr).toContain('Check the path given to --config.');
  });

  it('an invalid configuration file exits 2 naming the bad field', async () => {
    const file = join(home.dir, 'bad.config.json');
    writeFileSync(file, JSON.stringify({ logLevel: 'loud' }));
    const result = await run(['call', 'orcaops_system_info', '--config', file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/bad\.config\.json is invalid: logLevel/);
  });

  it('doctor without an engine reports each check, the engine as a problem with its fix, and exits 1', async () => {
    const result = await run(['doctor']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`^OrcaOps doctor \\(OrcaOps ${VERSION.replace(/\./g, '\\.')}, ORCAOPS_HOME `));
    expect(result.stdout).toMatch(/^✓ Node\.js version: /m);
    expect(result.stdout).toMatch(/^✗ .*orcaops-cli-test\.sock.*\n {4}fix: /m);
    expect(result.stdout).toMatch(/^\d+ checks: \d+ ok, \d+ warnings?, \d+ problems?\.$/m);
  });

  it('doctor --json gives status, summary and findings as orcaops_system_info has them', async () => {
    const [doctor, call] = await Promise.all([run(['doctor', '--json']), run(['call', 'orcaops_system_info'])]);
    expect(doctor.code).toBe(1);
    const report = JSON.parse(doctor.stdout) as { status: string; summary: Record<string, number>; findings: { id: string; status: string; fix: string | null }[] };
    expect(report.status).toBe('problem');
    const info = JSON.parse(call.stdout) as { findings: { id: string }[]; summary: Record<string, number> };
    expect(report.findings.map((finding) => finding.id)).toEqual(info.findings.map((finding) => finding.id));
    expect(report.summary).toEqual(info.summary);
    expect(report.findings.find((finding) => finding.id === 'docker.engine')).toMatchObject({ status: 'problem', fix: expect.any(String) });
    for (const finding of report.findings.filter((finding) => finding.status !== 'ok')) expect(finding.fix).toEqual(expect.any(String));
  });

  it('doctor with a configuration that does not load reports it as a problem (exit 1), not as bad usage', async () => {
    const file = join(home.dir, 'doctor-bad.config.json');
    writeFileSync(file, JSON.stringify({ logLevel: 'loud' }));
    const result = await run(['doctor', '--json', '--config', file]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { status: string; findings: { id: string; status: string; detail: string; fix: string }[] };
    expect(report.status).toBe('problem');
    expect(report.findings.map((finding) => [finding.id, finding.status])).toEqual([['node', 'ok'], ['config', 'problem']]);
    expect(report.findings[1]!.detail).toMatch(/doctor-bad\.config\.json is invalid: logLevel/);
  });

  it('tui refuses to start without a terminal (exit 2)', async () => {
    const result = await run(['tui']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('tui needs an interactive terminal');
  });

  it('tools leaves orphaned jobs alone and exits; the MCP server adopts them', async () => {
    const queued = writeOrphan(home.dir, 'orphan-queued', {});
    const running = writeOrphan(home.dir, 'orphan-running', { status: 'running', started_at: new Date().toISOString(), container_id: 'gone' });
    const before = [queued(), running()];
    const result = await run(['tools']);
    expect(result.code).toBe(0);
    expect([queued(), running()]).toEqual(before);
    expect(existsSync(join(home.dir, 'runs', 'orphan-queued', 'lease.json'))).toBe(false);

    // Without an engine, the server that adopts them ends both as failed (DOCKER_UNAVAILABLE).
    const server = spawn(process.execPath, [MCP_BIN], { cwd: home.dir, env: cliEnv(home.dir), stdio: ['pipe', 'ignore', 'ignore'] });
    try {
      for (let i = 0; i < 200 && [queued(), running()].some((record) => record.status !== 'failed'); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      server.kill('SIGKILL');
    }
    expect([queued().status, running().status]).toEqual(['failed', 'failed']);
  });
});
