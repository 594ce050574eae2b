import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DockerTestScope, TEST_RUN_LABEL, dockerCli, requireDocker } from './docker-cli.js';

describe('DockerTestScope', () => {
  const scope = new DockerTestScope();
  const other = new DockerTestScope();
  beforeAll(requireDocker);
  afterAll(async () => {
    await scope.cleanup();
    await other.cleanup();
  });

  it('labels what it creates and removes exactly that', async () => {
    const mine = await scope.createContainer({ labels: { extra: 'yes' }, args: ['--env', 'FROM_ARGS=1'] });
    const theirs = await other.createContainer({ start: false });
    expect(await scope.containerIds()).toEqual([mine]);
    expect(await dockerCli(['inspect', '--format', `{{index .Config.Labels "${TEST_RUN_LABEL}"}} {{.Config.Labels.extra}} {{.State.Status}}`, mine])).toBe(`${scope.runId} yes running`);

    expect(await dockerCli(['inspect', '--format', '{{json .Config.Env}}', mine])).toContain('FROM_ARGS=1');

    await scope.cleanup();
    expect(await scope.containerIds()).toEqual([]);
    expect(await other.containerIds()).toEqual([theirs]);
    await scope.cleanup();
  });
});
