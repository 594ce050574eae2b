import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DockerTestScope, fuzzSeed, markedEntries, prepareFuzzFixtures, requireDocker, watchedDirectories } from '@orcaops/testing';
import { fuzzTargets, startFuzzKernel, type FuzzKernel } from './test-fixtures/fuzz-kernel.js';
import { fuzzTool } from './test-fixtures/fuzz-tool.js';

const CASES = Number(process.env['ORCAOPS_FUZZ_CASES'] ?? 60);
const BUDGET_MS = Number(process.env['ORCAOPS_FUZZ_TOOL_MS'] ?? 1500);

// Only tools annotated read-only run here: nothing a fuzzed call does may change the real engine.
describe('fuzzing the read-only tools against the real engine', () => {
  const seed = fuzzSeed();
  const scope = new DockerTestScope();
  let harness: FuzzKernel;
  let containerId: string;
  let markedBefore: string[];

  beforeAll(async () => {
    await requireDocker();
    markedBefore = await markedEntries(watchedDirectories());
    // One container of this test's own, with output, so that logs and inspect have something real to read.
    containerId = await scope.createContainer({ name: `orcafuzz-${scope.runId.slice(0, 8)}`, command: ['sh', '-c', 'printf "out\\033[31m\\000\\n"; echo err >&2; sleep 300'] });
    harness = await startFuzzKernel({ docker: 'real' });
  }, 60_000);
  afterAll(async () => {
    await harness?.stop();
    await scope.cleanup();
  }, 60_000);

  it(`answers ${CASES} hostile calls per read-only tool without INTERNAL and within the reply budget (seed ${seed})`, async () => {
    expect(harness.kernel.hostInfo.plugins().failed).toEqual([]);
    const hints = {
      ...(await prepareFuzzFixtures(harness)),
      container_id: [containerId.slice(0, 12), containerId, `orcafuzz-${scope.runId.slice(0, 8)}`],
      label: [[`org.orcaops.test-run=${scope.runId}`]],
    };
    const targets = fuzzTargets(harness.kernel.catalog).filter((target) => target.readOnly);
    expect(targets.map((target) => target.name)).toEqual(expect.arrayContaining(['orcaops_list_containers', 'orcaops_get_container_logs', 'orcaops_inspect_container']));
    const failures: string[] = [];
    const codes = new Map<string, number>();
    for (const target of targets) {
      const report = await fuzzTool({ invoker: harness.kernel.invoker, root: harness.root }, target, { seed, cases: CASES, budgetMs: BUDGET_MS, strings: [harness.work], hints });
      failures.push(...report.failures);
      for (const [code, count] of report.codes) codes.set(code, (codes.get(code) ?? 0) + count);
    }
    // Late failures of the calls' background work surface as unhandled rejections, which fail the running test.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stray = (await markedEntries(watchedDirectories())).filter((path) => !markedBefore.includes(path));
    failures.push(...stray.map((path) => `created ${path} outside the temporary directory (seed ${seed})`));
    expect(failures.slice(0, 20)).toEqual([]);
    // The engine answered (it is not the absent-engine test again).
    expect(codes.get('ok') ?? 0).toBeGreaterThan(0);
    expect(codes.get('DOCKER_UNAVAILABLE') ?? 0).toBe(0);
  }, 180_000);
});
