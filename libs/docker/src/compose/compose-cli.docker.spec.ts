import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TEST_IMAGE, makeTempDir, requireDocker } from '@orcaops/testing';
import { ComposeCli } from './compose-cli.js';

describe('ComposeCli against the installed compose CLI', () => {
  let dir: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    await requireDocker();
    ({ path: dir, remove: cleanup } = await makeTempDir('compose-cli-'));
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'sub', 'stack.yml'), `services:\n  web:\n    image: "${TEST_IMAGE}"\n  db:\n    image: "\${DB_IMAGE}"\n`);
    await writeFile(join(dir, '.env'), `DB_IMAGE=${TEST_IMAGE}\n`);
  });
  afterAll(() => cleanup?.());

  it('runs a command for a project, reading .env from the project directory', async () => {
    const cli = new ComposeCli();
    const result = await cli.run({ project: 'orcaops-cli-test', directory: dir, files: ['sub/stack.yml'], args: ['config', '--services'] });
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim().split('\n').sort()).toEqual(['db', 'web']);
    const config = await cli.run({ project: 'orcaops-cli-test', directory: dir, files: ['sub/stack.yml'], args: ['config'] });
    expect(config.stdout).toContain(`image: ${TEST_IMAGE}`);
  });

  it('returns a failed command as a result with the output tail', async () => {
    const result = await new ComposeCli().run({ project: 'orcaops-cli-test', directory: dir, files: ['missing.yml'], args: ['config'] });
    expect(result.exitCode).not.toBe(0);
    expect(result.outputTail).toMatch(/missing\.yml/);
  });

  it('fails with DOCKER_COMPOSE_NOT_FOUND when no CLI is installed or the one found disappears', async () => {
    const request = { project: 'p', directory: dir, files: [], args: ['version'] };
    await expect(new ComposeCli({ detect: async () => null }).run(request)).rejects.toMatchObject({ code: 'DOCKER_COMPOSE_NOT_FOUND' });
    const gone = new ComposeCli({ detect: async () => ({ flavor: 'v1', command: ['orcaops-no-such-compose'], version: '0' }) });
    await expect(gone.run(request)).rejects.toMatchObject({ code: 'DOCKER_COMPOSE_NOT_FOUND' });
  });
});
