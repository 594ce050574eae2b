import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { TEST_IMAGE, TEST_SERVICE_IMAGE, makeTempDir, removeComposeProject, requireDocker } from '@orcaops/testing';
import { callEnvelope, connectOrcaopsMcp } from './test-fixtures/orcaops-mcp-client.js';

/** A stand-in for a project's test runner: a JUnit report, a coverage summary and a line of output. */
const RUN_SH = `mkdir -p coverage
echo '<testsuite name="demo" tests="1" failures="0"><testcase name="adds"/></testsuite>' > junit.xml
echo '{"total":{"lines":{"pct":87.5}}}' > coverage/coverage-summary.json
echo "1 test passed"
`;

/**
 * The workflows of docs/examples.md, with the tool calls and arguments the guide shows, through the MCP server on the
 * real engine (local images instead of node:22 and the templates' public images). A change that breaks the guide's
 * calls fails here.
 */
describe('docs/examples.md through orcaops-mcp', () => {
  const sandbox = `shop-${randomUUID().slice(0, 8)}`;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let home: Awaited<ReturnType<typeof makeTempDir>>;
  let client: Client;
  let project = sandbox;

  beforeAll(async () => {
    await requireDocker();
    temp = await makeTempDir();
    // The state directory lies outside the project, which the job copies in whole (source ".").
    home = await makeTempDir();
    await mkdir(join(temp.path, 'test'));
    await writeFile(join(temp.path, 'test', 'run.sh'), RUN_SH);
    client = await connectOrcaopsMcp(temp.path, 'examples-e2e', { env: { ORCAOPS_HOME: home.path } });
  });
  afterAll(async () => {
    await client?.close().catch(() => undefined);
    await removeComposeProject(project);
    await temp?.remove();
    await home?.remove();
  });

  const call = (tool: string, args: Record<string, unknown>) => callEnvelope(client, tool, args);

  it('1 and 2: runs the tests with the project as input, keeps the reports, and reads the coverage summary', async () => {
    const job = await call('orcaops_run_job', {
      image: TEST_IMAGE,
      commands: ['sh test/run.sh'],
      inputs: { directories: [{ source: '.' }] },
      artifacts: ['junit.xml', 'coverage/**'],
      env: { CI: 'true' },
    });
    expect(job).toMatchObject({ success: true, status: 'success', exit_code: 0, artifacts_total: 2 });
    expect(job['steps'][0]).toMatchObject({ exit_code: 0, stdout_tail: '1 test passed\n' });
    expect(job['artifacts'].map((artifact: { path: string }) => artifact.path).sort()).toEqual(['workspace/coverage/coverage-summary.json', 'workspace/junit.xml']);

    const listed = await call('orcaops_list_artifacts', { job_id: job['job_id'] });
    expect(listed).toMatchObject({ success: true, total: 2, next_offset: null });
    const summary = await call('orcaops_get_artifact', { job_id: job['job_id'], filename: 'workspace/coverage/coverage-summary.json' });
    expect(summary).toMatchObject({ success: true, encoding: 'utf8', content: '{"total":{"lines":{"pct":87.5}}}\n', next_offset: null, truncated: false });

    const logs = await call('orcaops_get_job_logs', { job_id: job['job_id'], step: 0, stream: 'stdout' });
    expect(logs).toMatchObject({ success: true, stdout: { text: '1 test passed\n' } });
  }, 180_000);

  it('3: creates the web-dev sandbox, starts it, calls its proxy endpoint and runs a command in it', async () => {
    const images = { proxy: TEST_SERVICE_IMAGE, frontend: TEST_SERVICE_IMAGE, db: TEST_SERVICE_IMAGE };
    const created = await call('orcaops_create_sandbox', { template: 'web-dev', name: sandbox, images, ports: { proxy: 0, frontend: 0, db: 0 } });
    expect(created).toMatchObject({ success: true, sandbox: { name: sandbox, template: 'web-dev' } });
    project = created['sandbox'].project;
    expect(created['files']).toEqual(expect.arrayContaining(['docker-compose.yml', '.env', 'README.md', 'nginx.conf', 'frontend/server.js']));

    const started = await call('orcaops_start_sandbox', { name: sandbox });
    expect(started).toMatchObject({ success: true, status: 'running' });
    const endpoints = started['endpoints'] as Array<{ service: string; container_port: number; address: string }>;
    expect(endpoints.map((endpoint) => endpoint.service).sort()).toEqual(['db', 'frontend', 'proxy']);
    const proxy = endpoints.find((endpoint) => endpoint.service === 'proxy')!;
    expect(proxy.address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect((await fetch(`http://${proxy.address}/`)).status).toBe(200);

    const exec = await call('orcaops_exec_in_sandbox', { name: sandbox, service: 'proxy', command: ['wget', '-q', '-O', '-', 'http://frontend:3000/'] });
    expect(exec).toMatchObject({ success: true, exit_code: 0, stdout: 'OrcaOps test service\n' });

    expect(await call('orcaops_stop_sandbox', { name: sandbox, volumes: true })).toMatchObject({ success: true });
    expect(await call('orcaops_remove_sandbox', { name: sandbox })).toMatchObject({ success: true });
  }, 240_000);
});
