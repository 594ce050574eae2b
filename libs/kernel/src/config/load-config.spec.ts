import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdir, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { OrcaError } from '@orcaops/plugin-api';
import { makeTempDir } from '@orcaops/testing';
import { loadConfig } from './load-config.js';

describe('loadConfig', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(() => temp.remove());

  const write = (file: string, content: unknown) => writeFile(join(temp.path, file), typeof content === 'string' ? content : JSON.stringify(content));

  it('runs on defaults when there is no file', async () => {
    const config = await loadConfig({ cwd: temp.path, env: {} });
    expect(config).toEqual({ configFile: null, home: join(homedir(), '.orcaops'), logLevel: 'info', dockerHost: null, replies: { defaultBytes: 65536, maxBytes: 1048576 }, http: {}, tools: { preset: 'all', allow: [], deny: [] }, readOnly: false, audit: { enabled: true, maxBytes: 10 * 1024 * 1024, keep: 5 }, plugins: [] });
  });

  it('reads the audit section, each field on its own', async () => {
    await write('orcaops.config.json', { audit: { maxBytes: 65536 } });
    expect((await loadConfig({ cwd: temp.path, env: {} })).audit).toEqual({ enabled: true, maxBytes: 65536, keep: 5 });
    await write('orcaops.config.json', { audit: { enabled: false, keep: 1 } });
    expect((await loadConfig({ cwd: temp.path, env: {} })).audit).toEqual({ enabled: false, maxBytes: 10 * 1024 * 1024, keep: 1 });
  });

  it('finds the file from a subdirectory upwards and resolves paths against it', async () => {
    await write('orcaops.config.json', { home: './state', logLevel: 'debug', docker: { host: 'tcp://127.0.0.1:2375' }, plugins: ['some-plugin', { plugin: './local', options: { a: 1 } }] });
    await mkdir(join(temp.path, 'a', 'b'), { recursive: true });
    const config = await loadConfig({ cwd: join(temp.path, 'a', 'b'), env: {} });
    expect(config.configFile).toBe(join(temp.path, 'orcaops.config.json'));
    expect(config.home).toBe(join(temp.path, 'state'));
    expect(config.logLevel).toBe('debug');
    expect(config.dockerHost).toBe('tcp://127.0.0.1:2375');
    expect(config.plugins).toEqual([
      { source: 'some-plugin', options: {}, baseDir: temp.path, builtin: false },
      { source: './local', options: { a: 1 }, baseDir: temp.path, builtin: false },
    ]);
  });

  it('lets the environment override the file, and the command line override both', async () => {
    await write('orcaops.config.json', { home: '/from-file', logLevel: 'warn' });
    const fromEnv = await loadConfig({ cwd: temp.path, env: { ORCAOPS_HOME: '~/env-home', ORCAOPS_LOG_LEVEL: 'error' } });
    expect(fromEnv.home).toBe(join(homedir(), 'env-home'));
    expect(fromEnv.logLevel).toBe('error');
    const fromFlag = await loadConfig({ cwd: temp.path, env: { ORCAOPS_LOG_LEVEL: 'error' }, logLevel: 'debug' });
    expect(fromFlag.logLevel).toBe('debug');
  });

  it.each([
    ['invalid JSON', '{ "home": ', /not valid JSON/],
    ['an unknown key', { hom: '/x' }, /hom/],
    ['a wrong type', { plugins: 'abc' }, /plugins/],
    ['a bad log level', { logLevel: 'loud' }, /logLevel/],
    ['an unknown audit key', { audit: { maxbytes: 4096 } }, /audit: Unrecognized key: "maxbytes"/],
    ['an audit size below 4 KiB', { audit: { maxBytes: 100 } }, /audit\.maxBytes/],
    ['no audit files kept', { audit: { keep: 0 } }, /audit\.keep/],
  ])('rejects %s with CONFIG_INVALID naming the problem', async (_case, content, message) => {
    await write('orcaops.config.json', content);
    const error = await loadConfig({ cwd: temp.path, env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OrcaError);
    expect(error).toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringMatching(message) });
  });

  it('rejects a missing --config file and a bad ORCAOPS_LOG_LEVEL', async () => {
    await expect(loadConfig({ cwd: temp.path, env: {}, configPath: 'nope.json' })).rejects.toMatchObject({ code: 'CONFIG_INVALID', suggestion: expect.stringContaining('--config') });
    await expect(loadConfig({ cwd: temp.path, env: { ORCAOPS_LOG_LEVEL: 'loud' } })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });
});
