import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { JobSpecSchema } from '@orcaops/contracts';
import { FileRunStore } from '@orcaops/run-store';
import { FakeDockerService, makeTempDir } from '@orcaops/testing';
import { fakeEngine } from '../test-fixtures/fake-engine.js';

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
    const engine = fakeEngine(docker, store, temp.path);
    engine.detach();
    await expect(engine.submit(JobSpecSchema.parse({ image: 'fake/busybox:1', commands: ['true'] }))).rejects.toMatchObject({ code: 'CANCELLED' });
    await engine.recover();
    expect(engine.localJobIds()).toEqual([]);
    expect(docker.specs.size).toBe(0);
  });
});
