import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { NPM_INSTALL_FLAGS, makeTempDir, npmOk, requireDocker } from '@orcaops/testing';

// The official MCP conformance suite's server scenarios against `orcaops serve`'s /mcp (Streamable HTTP), with
// sessions and stateless. The suite needs Node >= 22 and this repository runs on 20, so both the suite (pinned) and
// a Node 22 binary (the `node` package from npm) are installed into a temporary directory first.
const CONFORMANCE_PACKAGE = '@modelcontextprotocol/conformance';
const CONFORMANCE_VERSION = '0.1.16';
const NODE_22 = 'node@22.23.3';
const CLI_BIN = fileURLToPath(new URL('../../cli/bin/orcaops.js', import.meta.url));
/** Scenarios that cannot pass against OrcaOps (the suite's fixture tools, prompts, resources...), with the reason. */
const BASELINE_FILE = fileURLToPath(new URL('../conformance-baseline.json', import.meta.url));
/** Scenarios that only mean something with sessions: against a stateless server they check nothing. */
const SESSION_ONLY: Readonly<Record<string, string>> = {
  'server-sse-multiple-streams': 'opens three POST streams on one Mcp-Session-Id; a stateless server issues none, so the scenario only warns',
};
const PARALLEL_SCENARIOS = 4;

interface Check {
  readonly id: string;
  readonly status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO' | string;
  readonly errorMessage?: string;
  readonly details?: unknown;
}

interface ScenarioRun {
  readonly scenario: string;
  readonly code: number | null;
  readonly checks: readonly Check[];
  readonly output: string;
}

interface Served {
  readonly url: string;
  readonly child: ChildProcessWithoutNullStreams;
  readonly stderr: () => string;
}

/**
 * Passed: the CLI exited 0, at least one check succeeded, and none failed or warned (a scenario whose every check
 * is skipped, e.g. for want of a fixture tool, has not shown anything).
 */
function passed(run: ScenarioRun): boolean {
  return run.code === 0 && run.checks.some((check) => check.status === 'SUCCESS') && !run.checks.some((check) => check.status === 'FAILURE' || check.status === 'WARNING');
}

/** What a failed scenario reported, for the assertion message. */
function describeRun(run: ScenarioRun): string {
  const bad = run.checks.filter((check) => check.status !== 'SUCCESS' && check.status !== 'INFO');
  if (run.checks.length === 0) return `${run.scenario}: exit ${run.code}, no checks.json\n${run.output.slice(-2000)}`;
  const lines = bad.map((check) => `  ${check.status} ${check.id}: ${check.errorMessage ?? ''} ${JSON.stringify(check.details ?? {}).slice(0, 800)}`);
  return `${run.scenario}: exit ${run.code}${lines.length ? `\n${lines.join('\n')}` : ', no check succeeded'}`;
}

function runProcess(command: string, args: readonly string[], options: { cwd: string; timeoutMs: number }): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: { ...process.env, NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: string) => (output = (output + chunk).slice(-200_000));
    child.stdout.setEncoding('utf8').on('data', collect);
    child.stderr.setEncoding('utf8').on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Starts `orcaops serve --port 0 --no-auth` and reads the URL it prints first. */
async function serve(cwd: string, home: string, extraArgs: readonly string[] = []): Promise<Served> {
  const child = spawn(process.execPath, [CLI_BIN, 'serve', '--port', '0', '--no-auth', ...extraArgs], {
    cwd,
    env: { ...process.env, ORCAOPS_HOME: home, ORCAOPS_LOG_LEVEL: 'warn' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-20_000)));
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`orcaops serve printed no URL within 60 s\n${stderr}`)), 60_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`orcaops serve exited (${code ?? signal}) before printing its URL\n${stderr}`));
    });
  });
  return { url, child, stderr: () => stderr };
}

async function stop(served: Served | undefined): Promise<void> {
  if (!served || served.child.exitCode !== null || served.child.signalCode !== null) return;
  const exited = once(served.child, 'exit');
  served.child.kill('SIGTERM');
  const timer = setTimeout(() => served.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

describe('orcaops serve /mcp against the official MCP conformance suite', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let node22: string;
  let conformanceBin: string;
  let scenarios: string[];
  let baseline: Record<string, string>;
  let sessions: Served | undefined;
  let stateless: Served | undefined;

  beforeAll(async () => {
    await requireDocker();
    temp = await makeTempDir('orcaops-conformance-');
    const tools = join(temp.path, 'tools');
    await mkdir(tools);
    // `node` installs its platform binary from a preinstall script; allowScripts says that is intended.
    await writeFile(join(tools, 'package.json'), JSON.stringify({ private: true, allowScripts: { node: true } }));
    await npmOk(['install', ...NPM_INSTALL_FLAGS, NODE_22, `${CONFORMANCE_PACKAGE}@${CONFORMANCE_VERSION}`], tools);
    node22 = join(tools, 'node_modules', '.bin', 'node');
    const version = await runProcess(node22, ['--version'], { cwd: tools, timeoutMs: 30_000 });
    expect(version.output.trim()).toMatch(/^v22\./);
    const manifest = JSON.parse(await readFile(join(tools, 'node_modules', CONFORMANCE_PACKAGE, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };
    expect(manifest.version).toBe(CONFORMANCE_VERSION);
    conformanceBin = join(tools, 'node_modules', CONFORMANCE_PACKAGE, manifest.bin['conformance']!);

    // "  - tools-list [2025-06-18,2025-11-25]": every server scenario, the pending ones included.
    const listed = await runProcess(node22, [conformanceBin, 'list', '--server'], { cwd: tools, timeoutMs: 60_000 });
    if (listed.code !== 0) throw new Error(`conformance list --server exited ${listed.code}\n${listed.output}`);
    scenarios = [...listed.output.matchAll(/^\s+- (\S+)/gm)].map((match) => match[1]!);
    baseline = JSON.parse(await readFile(BASELINE_FILE, 'utf8')) as Record<string, string>;

    const statelessConfig = join(temp.path, 'stateless.config.json');
    await writeFile(statelessConfig, JSON.stringify({ http: { mcp: { stateless: true } } }));
    [sessions, stateless] = await Promise.all([
      serve(temp.path, join(temp.path, 'home-sessions')),
      serve(temp.path, join(temp.path, 'home-stateless'), ['--config', statelessConfig]),
    ]);
  }, 600_000);

  afterAll(async () => {
    await Promise.all([stop(sessions), stop(stateless)]);
    await temp?.remove();
  }, 60_000);

  /** Runs each scenario with the Node 22 binary, a few at a time; results are read from the suite's checks.json. */
  async function runScenarios(url: string, names: readonly string[], label: string): Promise<ScenarioRun[]> {
    const outDir = join(temp.path, 'results', label);
    const runs: ScenarioRun[] = [];
    let next = 0;
    const worker = async () => {
      while (next < names.length) {
        const scenario = names[next++]!;
        const dir = join(outDir, scenario);
        const { code, output } = await runProcess(node22, [conformanceBin, 'server', '--url', url, '--scenario', scenario, '-o', dir], { cwd: temp.path, timeoutMs: 120_000 });
        let checks: Check[] = [];
        try {
          const [saved] = await readdir(dir);
          checks = JSON.parse(await readFile(join(dir, saved!, 'checks.json'), 'utf8')) as Check[];
        } catch {
          // The run died before saving its checks; its output says why.
        }
        runs.push({ scenario, code, checks, output });
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_SCENARIOS }, worker));
    return names.map((name) => runs.find((run) => run.scenario === name)!);
  }

  it('lists the server scenarios, and the baseline names only scenarios the suite has, each with a reason', () => {
    expect(scenarios).toEqual(expect.arrayContaining(['server-initialize', 'ping', 'tools-list', 'dns-rebinding-protection']));
    expect(Object.keys(baseline).filter((name) => !scenarios.includes(name))).toEqual([]);
    expect(Object.keys(SESSION_ONLY).filter((name) => !scenarios.includes(name) || name in baseline)).toEqual([]);
    for (const reason of Object.values(baseline)) expect(reason.length).toBeGreaterThan(20);
  });

  it('passes every scenario outside the baseline with sessions; a baselined scenario that passes must leave the baseline', async () => {
    const runs = await runScenarios(`${sessions!.url}/mcp`, scenarios, 'sessions');
    const unexpected = runs.filter((run) => !(run.scenario in baseline) && !passed(run)).map(describeRun);
    const stale = runs.filter((run) => run.scenario in baseline && passed(run)).map((run) => `${run.scenario} passes now: remove it from conformance-baseline.json`);
    expect([...unexpected, ...stale]).toEqual([]);
  }, 600_000);

  it('passes the same scenarios statelessly (http.mcp.stateless), except those about sessions', async () => {
    const names = scenarios.filter((name) => !(name in baseline) && !(name in SESSION_ONLY));
    expect(names).toEqual(expect.arrayContaining(['server-initialize', 'tools-list']));
    const runs = await runScenarios(`${stateless!.url}/mcp`, names, 'stateless');
    expect(runs.filter((run) => !passed(run)).map(describeRun)).toEqual([]);
  }, 600_000);

  // No scenario calls a tool of OrcaOps's own (the suite's tool scenarios call its fixture tools), so one real
  // tools/call through the SDK's Streamable HTTP client, in both modes.
  it.each(['sessions', 'stateless'] as const)('answers a real tools/call over /mcp (%s)', async (mode) => {
    const served = mode === 'sessions' ? sessions! : stateless!;
    const client = new Client({ name: 'orcaops-conformance-e2e', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(`${served.url}/mcp`));
    await client.connect(transport);
    try {
      expect(transport.sessionId === undefined).toBe(mode === 'stateless');
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toContain('orcaops_list_templates');
      const result = await client.callTool({ name: 'orcaops_list_templates', arguments: {} });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ success: true, templates: expect.arrayContaining([expect.objectContaining({ id: 'web-dev' })]) });
    } finally {
      await client.close();
    }
  });
});
