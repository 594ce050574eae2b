import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir } from '@orcaops/testing';
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

describe('ComposeLocator with a cache file', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
    await mkdir(join(temp.path, 'bin'));
    await writeFile(join(temp.path, 'bin', 'docker-compose'), '#!/bin/sh\n');
  });
  afterEach(() => temp.remove());

  const env = () => ({ PATH: join(temp.path, 'bin'), HOME: temp.path });
  const cacheFile = () => join(temp.path, 'cache', 'compose-cli.json');

  it('probes once across processes, and again when a compose binary changes or PATH does', async () => {
    const { run, calls } = runner({ 'docker-compose version --short': '1.29.2' });
    const v1 = { flavor: 'v1', command: ['docker-compose'], version: '1.29.2' };
    expect(await new ComposeLocator(run, { cacheFile: cacheFile(), env: env() }).detect()).toEqual(v1);
    expect(calls).toHaveLength(2);
    // Another process with the same PATH and binaries: no probe.
    expect(await new ComposeLocator(run, { cacheFile: cacheFile(), env: env() }).detect()).toEqual(v1);
    expect(calls).toHaveLength(2);
    // An upgrade rewrites the binary.
    await writeFile(join(temp.path, 'bin', 'docker-compose'), '#!/bin/sh\n# 2\n');
    await new ComposeLocator(run, { cacheFile: cacheFile(), env: env() }).detect();
    expect(calls).toHaveLength(4);
    // The compose v2 plugin installed for this user.
    await mkdir(join(temp.path, '.docker', 'cli-plugins'), { recursive: true });
    await writeFile(join(temp.path, '.docker', 'cli-plugins', 'docker-compose'), '#!/bin/sh\n');
    await new ComposeLocator(run, { cacheFile: cacheFile(), env: env() }).detect();
    expect(calls).toHaveLength(6);
    await new ComposeLocator(run, { cacheFile: cacheFile(), env: { ...env(), PATH: `${env().PATH}:/nonexistent` } }).detect();
    expect(calls).toHaveLength(8);
  });

  it('probes again when the cache file is damaged', async () => {
    const { run, calls } = runner({});
    await mkdir(join(temp.path, 'cache'));
    await writeFile(cacheFile(), '{not json');
    expect(await new ComposeLocator(run, { cacheFile: cacheFile(), env: env() }).detect()).toBeNull();
    expect(calls).toHaveLength(2);
    expect(JSON.parse(await readFile(cacheFile(), 'utf8'))).toMatchObject({ cli: null });
  });
});
