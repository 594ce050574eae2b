import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { JobSpecSchema } from '@orcaops/contracts';
import { FileRunStore } from '@orcaops/run-store';
import { FakeDockerService, makeTempDir, silentLogger } from '@orcaops/testing';
import { JobEngine } from './job-engine.js';

describe('JobEngine.detach', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(() => temp.remove());

  it('takes on no new job once detached: a submit is refused and recovery resumes nothing', async () => {
    const store = new FileRunStore({ home: join(temp.path, 'home') });
    const docker = new FakeDockerService();
    docker.addImage('fake/busybox:1');
    const engine = new JobEngine(
      {
        docker,
        store,
        log: silentLogger,
        now: () => new Date(),
        artifactLimits: { maxFileBytes: 1024, maxTotalBytes: 4096, maxCount: 10 },
        inputPolicy: { allowedRoots: [temp.path], maxBytes: 1024 },
      },
      { concurrency: 1, maxQueued: 1 },
    );
    engine.detach();
    await expect(engine.submit(JobSpecSchema.parse({ image: 'fake/busybox:1', commands: ['true'] }))).rejects.toMatchObject({ code: 'CANCELLED' });
    await engine.recover();
    expect(engine.localJobIds()).toEqual([]);
    expect(docker.specs.size).toBe(0);
  });
});
