import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { JobSpecSchema, type JobSpecInput, type RunRecord } from '@orcaops/contracts';
import { FileRunStore } from '@orcaops/run-store';
import { DockerTestScope, TEST_IMAGE, TEST_RUN_LABEL, dockerCli, requireDocker } from '@orcaops/testing';
import { JobEngine } from './engine/job-engine.js';
import { DEFAULT_JOB_SECURITY } from './jobs-options.js';
import { realJobEngine, type RealJobEngine } from './test-fixtures/real-job-engine.js';

/** CapEff of a process holding exactly the default set: CHOWN 0, DAC_OVERRIDE 1, FOWNER 3, FSETID 4, SETGID 6, SETUID 7. */
const DEFAULT_CAPS_MASK = (1 << 0) | (1 << 1) | (1 << 3) | (1 << 4) | (1 << 6) | (1 << 7);

/** What a job's container may and may not do, on the real engine. */
describe('hardened job containers', () => {
  const scope = new DockerTestScope();
  let temp: RealJobEngine['temp'];
  let store: FileRunStore;
  let engine: JobEngine;

  beforeAll(async () => {
    await requireDocker();
    ({ temp, store, engine } = await realJobEngine(
      // The defaults, plus NET_RAW as an allowed extra so that one test can show the probe tells the difference.
      { security: { ...DEFAULT_JOB_SECURITY, policy: { ...DEFAULT_JOB_SECURITY.policy, extraCapabilities: ['NET_RAW'] } } },
    ));
  });
  afterAll(async () => {
    await scope.cleanup();
    await temp?.remove();
  });

  async function runJob(spec: Omit<JobSpecInput, 'image'>): Promise<{ record: RunRecord; stdout: string }> {
    const parsed = JobSpecSchema.parse({ image: TEST_IMAGE, ...spec, labels: { [TEST_RUN_LABEL]: scope.runId } });
    const submitted = await engine.submit(parsed);
    const record = await engine.wait(submitted.job_id, { timeoutMs: 60_000 });
    return { record, stdout: await readFile(store.logPath(record.job_id, 'stdout'), 'utf8') };
  }

  it('creates the container with every capability dropped but the default set, no-new-privileges, limits, an init and no mounts', async () => {
    const { record } = await runJob({ commands: ['true'], keep_container: true });
    expect(record.spec).toMatchObject({ cpus: Math.min(2, cpus().length), memory: '2g', pids: 1024 });
    const [inspect] = JSON.parse(await dockerCli(['inspect', record.container_id!])) as Array<{ HostConfig: Record<string, unknown>; Mounts: unknown[] }>;
    expect(inspect!.HostConfig).toMatchObject({
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges:true'],
      PidsLimit: 1024,
      Memory: 2 * 1024 ** 3,
      NanoCpus: Math.min(2, cpus().length) * 1e9,
      Init: true,
      Privileged: false,
    });
    expect([...(inspect!.HostConfig['CapAdd'] as string[])].sort()).toEqual(['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'SETGID', 'SETUID']);
    expect(inspect!.HostConfig['Binds'] ?? []).toEqual([]);
    expect(inspect!.Mounts).toEqual([]);
  });

  const PROBE = [
    "grep -E '^(CapEff|CapBnd|NoNewPrivs)' /proc/self/status",
    'mount -t tmpfs none /mnt 2>/dev/null && echo mount=yes || echo mount=no',
    'mknod /tmp/device c 1 3 2>/dev/null && echo mknod=yes || echo mknod=no',
    // arping opens an AF_PACKET socket, which needs NET_RAW.
    "arping -c 1 -w 1 -I eth0 \"$(ip route | awk '/default/ {print $3}')\" 2>&1 | grep -q 'not permitted' && echo raw=no || echo raw=yes",
  ].join('; ');

  it('keeps a job from mounting, making devices, opening raw sockets or gaining privileges; an allowed extra capability is given', async () => {
    const { record, stdout } = await runJob({ commands: [PROBE] });
    expect(record.status).toBe('success');
    const status = Object.fromEntries([...stdout.matchAll(/^(CapEff|CapBnd|NoNewPrivs):\s+(\S+)$/gm)].map((match) => [match[1], match[2]]));
    expect(Number.parseInt(status['CapEff']!, 16)).toBe(DEFAULT_CAPS_MASK);
    expect(Number.parseInt(status['CapBnd']!, 16)).toBe(DEFAULT_CAPS_MASK);
    expect(status['NoNewPrivs']).toBe('1');
    expect(stdout).toContain('mount=no\nmknod=no\nraw=no\n');

    const relaxed = await runJob({ commands: [PROBE], capabilities: ['NET_RAW'] });
    expect(relaxed.stdout).toContain('raw=yes');
  });

  it('runs as a numeric user that owns its workdir but cannot change system files', async () => {
    const { record, stdout } = await runJob({
      user: '1000:1000',
      inputs: { files: [{ path: 'input.txt', content: 'in\n' }] },
      commands: ['id -u; id -g; pwd', 'echo out > made.txt && cat input.txt made.txt', 'chown 1000 /etc/passwd 2>/dev/null && echo chown=yes || echo chown=no', "grep CapEff /proc/self/status"],
    });
    expect(record.status).toBe('success');
    expect(stdout).toContain('1000\n1000\n/workspace\nin\nout\nchown=no\n');
    expect(stdout).toMatch(/CapEff:\s+0+\n/);
  });

  it('still does what installing and building as root needs: archives with owners, dropping to another user, many processes', async () => {
    const { record, stdout } = await runJob({
      commands: [
        'mkdir -p pkg/bin && printf "echo built\\n" > pkg/bin/build && chmod 755 pkg/bin/build && chown -R 1000:1000 pkg',
        'tar -czf pkg.tgz pkg && rm -rf pkg && tar -xzf pkg.tgz && stat -c "%u:%g %a" pkg/bin/build && sh pkg/bin/build',
        'mkdir -p node_modules && cp -a pkg node_modules/ && chmod -R u+w node_modules && stat -c "%u" node_modules/pkg/bin/build',
        // What package managers do before downloading (apt's _apt): drop to another user.
        'su -s /bin/sh nobody -c "id -u"',
        'i=0; while [ $i -lt 200 ]; do sleep 1 & i=$((i+1)); done; wait; echo 200 processes',
      ],
    });
    expect(record.status).toBe('success');
    expect(stdout).toBe('1000:1000 755\nbuilt\n1000\n65534\n200 processes\n');
  });

  it('runs with a read-only root when asked: workdir (with its inputs) and /tmp writable, artifacts collected, volumes gone after', async () => {
    const { record, stdout } = await runJob({
      read_only: true,
      keep_container: true,
      inputs: { files: [{ path: 'input.txt', content: 'in\n' }] },
      artifacts: ['out/*.txt'],
      commands: [
        'touch /etc/x 2>/dev/null && echo root=writable || echo root=read-only',
        'echo tmp > /tmp/t && cat /tmp/t',
        'mkdir -p out && cat input.txt > out/report.txt && echo workdir=writable',
      ],
    });
    expect(record.status).toBe('success');
    expect(stdout).toBe('root=read-only\ntmp\nworkdir=writable\n');
    expect(record.artifacts.map((artifact) => artifact.path)).toEqual(['workspace/out/report.txt']);
    const [inspect] = JSON.parse(await dockerCli(['inspect', record.container_id!])) as Array<{ HostConfig: Record<string, unknown>; Mounts: Array<{ Type: string; Name: string; Destination: string }> }>;
    expect(inspect!.HostConfig).toMatchObject({ ReadonlyRootfs: true, Tmpfs: { '/tmp': 'rw,nosuid,nodev,mode=1777' } });
    expect(inspect!.Mounts.map((mount) => [mount.Type, mount.Destination]).sort()).toEqual([['volume', '/.orcaops'], ['volume', '/workspace']]);
    await dockerCli(['rm', '-f', '-v', record.container_id!]);
    const volumes = (await dockerCli(['volume', 'ls', '-q'])).split('\n');
    for (const mount of inspect!.Mounts) expect(volumes).not.toContain(mount.Name);

    for (const spec of [{ user: '1000' }, { inputs: { files: [{ path: '/etc/app.conf', content: 'x' }] } }]) {
      await expect(runJob({ read_only: true, commands: ['true'], ...spec })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    }
  });

  it('holds a job to its process limit', async () => {
    const { record } = await runJob({ pids: 32, commands: ['i=0; while [ $i -lt 100 ]; do sleep 2 & i=$((i+1)); done; wait'] });
    const stderr = await readFile(store.logPath(record.job_id, 'stderr'), 'utf8');
    expect(stderr).toMatch(/fork|Resource temporarily unavailable/i);
  });
});
