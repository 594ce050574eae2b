import { describe, expect, it } from '@jest/globals';
import { OrcaError, type AnyToolDefinition, type ComposeService, type HostInfo } from '@orcaops/plugin-api';
import { FakeDockerService, callToolData } from '@orcaops/testing';
import { createCleanupContainersTool } from './cleanup-containers.tool.js';
import { createSystemInfoTool } from './system-info.tool.js';

/** Calls a tool as OrcaOps does, collecting the progress values that reach the client. */
const call = (tool: AnyToolDefinition, args: Record<string, unknown>, progress: number[] = []) =>
  callToolData(tool, args, { onProgress: (update) => progress.push(update.progress) });
const host: HostInfo = { version: '9.9.9', home: '/nonexistent/orcaops-home', configFile: null, logLevel: 'info', plugins: () => ({ loaded: [], failed: [{ source: 'x', builtin: false, error: 'boom' }] }) };
const noCompose: ComposeService = { detect: async () => null, run: async () => Promise.reject(new Error('no compose')) };

describe('orcaops_system_info', () => {
  it('reports Docker as unavailable, with the error, instead of failing', async () => {
    const docker = new FakeDockerService();
    docker.failure = new OrcaError('DOCKER_UNAVAILABLE', 'nothing at unix:///x.sock');
    const tool = createSystemInfoTool({ docker, compose: noCompose, host });
    const result = await call(tool, {});
    expect(result.docker).toEqual({ available: false, error: expect.objectContaining({ code: 'DOCKER_UNAVAILABLE', message: 'nothing at unix:///x.sock' }) });
    expect(result.compose).toEqual({ available: false, flavor: null, command: null, version: null });
    expect(result.orcaops.version).toBe('9.9.9');
    expect(result.plugins.failed).toEqual([{ source: 'x', builtin: false, error: 'boom' }]);
    // ORCAOPS_HOME does not exist yet: free space is measured on its nearest existing parent.
    expect(result.disk?.path).toBe('/');
  });
});

describe('orcaops_cleanup_containers', () => {
  function world() {
    const docker = new FakeDockerService();
    docker.add({ id: 'managed-exited', managed: true, state: 'exited' });
    docker.add({ id: 'managed-created', managed: true, state: 'created', labels: { team: 'a' } });
    docker.add({ id: 'managed-running', managed: true, state: 'running' });
    docker.add({ id: 'foreign-exited', state: 'exited' });
    return docker;
  }

  it('lists without removing in a dry run', async () => {
    const docker = world();
    const tool = createCleanupContainersTool(docker);
    const result = await call(tool, { dry_run: true, include_unmanaged: false });
    expect(result.containers.map((c: { id: string }) => c.id)).toEqual(['managed-exited', 'managed-created']);
    expect(result.removed).toEqual([]);
    expect(docker.removed).toEqual([]);
  });

  it('removes only stopped OrcaOps containers by default, reporting progress', async () => {
    const docker = world();
    const progress: number[] = [];
    const result = await call(createCleanupContainersTool(docker), { dry_run: false, include_unmanaged: false }, progress);
    expect(result.removed).toEqual(['managed-exited', 'managed-created']);
    expect([...docker.containers.keys()]).toEqual(['managed-running', 'foreign-exited']);
    expect(progress).toEqual([1, 2]);
  });

  it('touches foreign containers only when asked, and never running ones', async () => {
    const docker = world();
    const result = await call(createCleanupContainersTool(docker), { dry_run: false, include_unmanaged: true });
    expect(result.scope).toBe('all');
    expect([...docker.containers.keys()]).toEqual(['managed-running']);
  });

  it('narrows the sweep by label', async () => {
    const docker = world();
    const result = await call(createCleanupContainersTool(docker), { dry_run: false, include_unmanaged: false, labels: { team: 'a' } });
    expect(result.removed).toEqual(['managed-created']);
  });

  it('reports a container that could not be removed and carries on', async () => {
    const docker = world();
    const original = docker.removeContainer.bind(docker);
    docker.removeContainer = async (id, options) => {
      if (id === 'managed-exited') throw new OrcaError('CONFLICT', 'removal already in progress');
      return original(id, options);
    };
    const result = await call(createCleanupContainersTool(docker), { dry_run: false, include_unmanaged: false });
    expect(result.failed).toEqual([{ id: 'managed-exited', code: 'CONFLICT', message: 'removal already in progress' }]);
    expect(result.removed).toEqual(['managed-created']);
  });
});
