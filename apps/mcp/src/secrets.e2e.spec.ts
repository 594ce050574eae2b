import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { FileSecretStore } from '@orcaops/kernel/bootstrap';
import { DockerTestScope, TEST_IMAGE, TEST_RUN_LABEL, dockerCli, makeTempDir, requireDocker } from '@orcaops/testing';
import { callEnvelope, connectOrcaopsMcp } from './test-fixtures/orcaops-mcp-client.js';

const ENV_VALUE = 'env-token-value-1234';
const STORED_VALUE = 'stored-token-value-5678';

/** Secrets by reference through orcaops-mcp on the real engine: resolved into the container, absent from everything kept or shown. */
describe('job secrets through orcaops-mcp', () => {
  const scope = new DockerTestScope();
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let client: Client;

  beforeAll(async () => {
    await requireDocker();
    temp = await makeTempDir();
    await FileSecretStore.in(join(temp.path, 'home')).set('e2e-stored', STORED_VALUE);
    client = await connectOrcaopsMcp(temp.path, 'secrets-e2e', { env: { ORCA_E2E_TOKEN: ENV_VALUE } });
  });
  afterAll(async () => {
    await client?.close();
    await scope.cleanup();
    await temp?.remove();
  });

  it('gives the job its secrets but keeps their values out of the record, the logs, every reply and the audit log', async () => {
    const result = await client.callTool({
      name: 'orcaops_run_job',
      arguments: {
        image: TEST_IMAGE,
        env: { TOKEN: { secret: 'env:ORCA_E2E_TOKEN' }, STORED: { secret: 'e2e-stored' }, PLAIN: 'visible' },
        commands: [
          'echo "token=$TOKEN stored=$STORED plain=$PLAIN"',
          // The value in two writes half a second apart: two chunks of output.
          'printf %s "$TOKEN" | head -c 6; sleep 0.5; printf %s "$TOKEN" | tail -c +7; echo',
          `test \${#TOKEN} -eq ${ENV_VALUE.length} && echo matches`,
        ],
        keep_container: true,
        labels: { [TEST_RUN_LABEL]: scope.runId },
      },
    });
    const reply = JSON.stringify(result);
    const envelope = JSON.parse((result.content as Array<{ text: string }>)[0]!.text) as Record<string, any>;
    expect(envelope).toMatchObject({ success: true, status: 'success' });
    const jobId = String(envelope['job_id']);

    const home = join(temp.path, 'home');
    const stdout = await readFile(join(home, 'runs', jobId, 'stdout.log'), 'utf8');
    expect(stdout).toBe('token=[secret] stored=[secret] plain=visible\n[secret]\nmatches\n');
    const record = await readFile(join(home, 'runs', jobId, 'record.json'), 'utf8');
    expect(JSON.parse(record).spec.env).toEqual({ TOKEN: { secret: 'env:ORCA_E2E_TOKEN' }, STORED: { secret: 'e2e-stored' }, PLAIN: 'visible' });

    const logs = await callEnvelope(client, 'orcaops_get_job_logs', { job_id: jobId });
    // The engine itself holds the values (the container's environment); OrcaOps's replies about it do not.
    const inspected = await dockerCli(['inspect', String(envelope['container_id'] ?? (await callEnvelope(client, 'orcaops_get_run', { job_id: jobId }))['run']['container_id'])]);
    expect(inspected).toContain(ENV_VALUE);
    const inspect = await callEnvelope(client, 'orcaops_inspect_container', { container_id: JSON.parse(inspected)[0].Id, raw: true });
    expect(JSON.stringify(inspect)).toContain('TOKEN=[secret]');

    const audit = await readFile(join(home, 'audit.log'), 'utf8');
    expect(audit).toContain('orcaops_run_job');
    for (const text of [reply, stdout, record, JSON.stringify(logs), JSON.stringify(inspect), audit]) {
      expect(text).not.toContain(ENV_VALUE);
      expect(text).not.toContain(STORED_VALUE);
    }
  }, 120_000);

  it('refuses a job whose secret does not resolve before anything runs', async () => {
    const before = await callEnvelope(client, 'orcaops_list_runs', { limit: 500 });
    const refused = await callEnvelope(client, 'orcaops_run_job', { image: TEST_IMAGE, env: { X: { secret: 'env:ORCA_E2E_MISSING' } }, commands: ['true'], labels: { [TEST_RUN_LABEL]: scope.runId } });
    expect(refused).toMatchObject({ success: false, error: { code: 'NOT_FOUND', message: expect.stringContaining('ORCA_E2E_MISSING') } });
    expect((await callEnvelope(client, 'orcaops_list_runs', { limit: 500 }))['total']).toBe(before['total']);
  });
});
