import { describe, expect, it } from '@jest/globals';
import { ComposeLocator } from './compose-locator.js';

function runner(answers: Record<string, string>) {
  const calls: string[] = [];
  const run = async (file: string, args: readonly string[]) => {
    const key = [file, ...args].join(' ');
    calls.push(key);
    if (!(key in answers)) throw new Error(`${file}: not found`);
    return answers[key]!;
  };
  return { run, calls };
}

describe('ComposeLocator', () => {
  it('prefers the docker compose v2 plugin', async () => {
    const { run } = runner({ 'docker compose version --short': '2.29.1\n', 'docker-compose version --short': '1.29.2' });
    expect(await new ComposeLocator(run).detect()).toEqual({ flavor: 'v2', command: ['docker', 'compose'], version: '2.29.1' });
  });

  it('falls back to docker-compose v1, and probes only once', async () => {
    const { run, calls } = runner({ 'docker-compose version --short': '1.29.2' });
    const locator = new ComposeLocator(run);
    expect(await locator.detect()).toEqual({ flavor: 'v1', command: ['docker-compose'], version: '1.29.2' });
    await locator.detect();
    expect(calls).toHaveLength(2);
  });

  it('returns null when neither is installed', async () => {
    expect(await new ComposeLocator(runner({}).run).detect()).toBeNull();
  });
});
