import { describe, expect, it } from '@jest/globals';
import { LABELS, OrcaError, type ComposeService, type HostInfo, type PluginFailure } from '@orcaops/plugin-api';
import { FakeDockerService, callToolData, makeTempDir } from '@orcaops/testing';
import { FileRunStore } from '@orcaops/run-store';
import { createSystemInfoTool } from '../system-info.tool.js';

const noCompose: ComposeService = { detect: async () => null, run: async () => Promise.reject(new Error('no compose')) };
const host = (home: string, failed: readonly PluginFailure[] = []): HostInfo => ({
  version: '9.9.9',
  home,
  configFile: null,
  logLevel: 'info',
  plugins: () => ({ loaded: [], failed }),
});

describe('orcaops_system_info findings', () => {
  it('runs every check, with a fix on each warn and problem, and counts them', async () => {
    const dir = await makeTempDir();
    try {
      const docker = new FakeDockerService();
      const tool = createSystemInfoTool({ docker, compose: noCompose, host: host(dir.path), runs: new FileRunStore({ home: dir.path }) });
      const result = await callToolData(tool, {});
      expect(result.findings.map((finding: { id: string }) => finding.id)).toEqual([
        'node', 'config', 'docker.engine', 'docker.runtime', 'compose', 'home.writable', 'home.disk', 'plugins', 'images', 'locks', 'containers.orphaned', 'runs.stuck',
      ]);
      for (const finding of result.findings) expect(finding.status === 'ok' ? finding.fix : typeof finding.fix).toBe(finding.status === 'ok' ? null : 'string');
      expect(result.findings.find((finding: { id: string }) => finding.id === 'compose').status).toBe('warn');
      expect(result.summary).toEqual({ ok: 10, warn: 2, problem: 0 }); // no compose, no local images
    } finally {
      await dir.remove();
    }
  });

  it('with the engine down, reports it as the problem and the engine checks as not run', async () => {
    const docker = new FakeDockerService();
    docker.failure = new OrcaError('DOCKER_UNAVAILABLE', 'nothing at unix:///x.sock', { details: { tried: ['unix:///x.sock'] } });
    const result = await callToolData(createSystemInfoTool({ docker, compose: noCompose, host: host('/nonexistent/orcaops-home') }), {});
    const byId = Object.fromEntries(result.findings.map((finding: { id: string }) => [finding.id, finding]));
    expect(byId['docker.engine']).toMatchObject({ status: 'problem', detail: 'nothing at unix:///x.sock Tried: unix:///x.sock.' });
    expect(byId['docker.runtime']).toBeUndefined();
    for (const id of ['images', 'containers.orphaned']) expect(byId[id]).toMatchObject({ status: 'warn', title: expect.stringMatching(/not checked$/) });
    expect(result.summary.problem).toBe(1);
  });

  it('keeps the findings small however much is wrong', async () => {
    const dir = await makeTempDir();
    try {
      const docker = new FakeDockerService();
      for (let n = 0; n < 2000; n++) docker.add({ id: `orphan-${n}`, managed: true, labels: { [LABELS.job]: `gone-${n}` } });
      const failed = Array.from({ length: 40 }, (_, n) => ({ source: `plugin-${n}`, builtin: false, error: 'e'.repeat(300) }));
      const tool = createSystemInfoTool({ docker, compose: noCompose, host: host(dir.path, failed), runs: new FileRunStore({ home: dir.path }) });
      const result = await callToolData(tool, {});
      expect(result.findings.find((finding: { id: string }) => finding.id === 'containers.orphaned')).toMatchObject({
        title: '500 orphaned job containers',
        detail: expect.stringContaining('Only the first 500 of 2000 job containers were checked.'),
      });
      expect(Buffer.byteLength(JSON.stringify(result.findings))).toBeLessThan(12 * 1024);
      expect(result).not.toHaveProperty('reply_truncated');
    } finally {
      await dir.remove();
    }
  });
});
