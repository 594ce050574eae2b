import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ComposeCli, DockerodeService } from '@orcaops/docker';
import { LABELS, type AnyToolDefinition, type HostInfo } from '@orcaops/plugin-api';
import { DockerTestScope, TEST_RUN_LABEL, callToolData, dockerCli, requireDocker, silentLogger, toolNamed } from '@orcaops/testing';
import { createSystemTools } from './system-tools.js';

const host: HostInfo = { version: '0.0.0-test', home: '/tmp', configFile: null, logLevel: 'info', plugins: () => ({ loaded: [], failed: [] }) };

/** Calls a tool as OrcaOps does. */
async function call(tools: readonly AnyToolDefinition[], name: string, args: unknown, onProgress?: (p: { progress: number }) => void): Promise<{ data: Record<string, unknown> }> {
  return { data: await callToolData(toolNamed(tools, name), args, { onProgress }) };
}

describe('system tools against the real engine', () => {
  const scope = new DockerTestScope();
  const tools = createSystemTools({ docker: new DockerodeService({ env: process.env }, silentLogger), compose: new ComposeCli(), host });

  beforeAll(requireDocker);
  afterAll(() => scope.cleanup());

  it('orcaops_system_info reports the engine the Docker CLI sees', async () => {
    const outcome = await call(tools, 'orcaops_system_info', {});
    const docker = outcome.data['docker'] as Record<string, any>;
    const [serverVersion, apiVersion, cpus] = (await dockerCli(['version', '--format', '{{.Server.Version}}|{{.Server.APIVersion}}|'])).split('|');
    expect(docker).toMatchObject({ available: true, server_version: serverVersion, api_version: apiVersion });
    expect(cpus).toBe('');
    expect(docker['cpus']).toBe(Number(await dockerCli(['info', '--format', '{{.NCPU}}'])));
    expect(docker['images']).toBeGreaterThanOrEqual(1);

    const compose = outcome.data['compose'] as Record<string, any>;
    const v2 = await dockerCli(['compose', 'version', '--short']).then(() => true, () => false);
    expect(compose['available']).toBe(true);
    expect(compose['flavor']).toBe(v2 ? 'v2' : 'v1');
  });

  it('orcaops_cleanup_containers removes stopped OrcaOps containers only, and foreign ones only when asked', async () => {
    const managed = { [LABELS.managed]: 'true' };
    const stoppedManaged = await scope.createContainer({ labels: managed, start: false });
    const exitedManaged = await scope.createContainer({ labels: managed, command: ['true'] });
    const runningManaged = await scope.createContainer({ labels: managed });
    const stoppedForeign = await scope.createContainer({ start: false });
    await dockerCli(['wait', exitedManaged]);
    const onlyOurs = { [TEST_RUN_LABEL]: scope.runId };

    const dryRun = await call(tools, 'orcaops_cleanup_containers', { dry_run: true, labels: onlyOurs });
    expect((dryRun.data['containers'] as Array<{ id: string }>).map((c) => c.id).sort()).toEqual([stoppedManaged, exitedManaged].sort());
    expect((await scope.containerIds()).length).toBe(4);

    const progress: number[] = [];
    const sweep = await call(tools, 'orcaops_cleanup_containers', { labels: onlyOurs }, (update) => progress.push(update.progress));
    expect((sweep.data['removed'] as string[]).sort()).toEqual([stoppedManaged, exitedManaged].sort());
    expect(progress).toEqual([1, 2]);
    expect((await scope.containerIds()).sort()).toEqual([runningManaged, stoppedForeign].sort());

    const all = await call(tools, 'orcaops_cleanup_containers', { include_unmanaged: true, labels: onlyOurs });
    expect(all.data['removed']).toEqual([stoppedForeign]);
    expect(await scope.containerIds()).toEqual([runningManaged]);
  });
});
