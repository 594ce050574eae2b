import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MemoryLogSink, fakeHostServices, makeTempDir } from '@orcaops/testing';
import type { PluginSpec } from './config/resolved-config.js';
import { DuplicateToolError } from './catalog/tool-catalog.js';
import { Kernel, type KernelOptions } from './kernel.js';

const fixtures = fileURLToPath(new URL('../test-fixtures/', import.meta.url));
const fixture = (name: string, options: Record<string, unknown> = {}): PluginSpec => ({ source: `./${name}`, options, baseDir: fixtures, builtin: false });

describe('Kernel', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let sink: MemoryLogSink;
  const kernels: Kernel[] = [];

  beforeEach(async () => {
    temp = await makeTempDir();
    sink = new MemoryLogSink();
  });
  afterEach(async () => {
    await Promise.all(kernels.splice(0).map((kernel) => kernel.stop()));
    await temp.remove();
  });

  async function start(builtins: PluginSpec[], options: Partial<KernelOptions> = {}): Promise<Kernel> {
    const kernel = await Kernel.start({
      cwd: temp.path,
      env: { ORCAOPS_HOME: join(temp.path, 'home') },
      logSink: sink,
      services: () => ({ ...fakeHostServices(), builtinServices: { runStore: 'first-party only' } }),
      ...options,
      builtins,
    });
    kernels.push(kernel);
    return kernel;
  }

  describe('plugin loading', () => {
    it('loads a plugin from a path and exposes its tools in a frozen catalog', async () => {
      const kernel = await start([fixture('good-plugin')]);
      expect(kernel.catalog.names()).toEqual(['fixture_say_hello', 'fixture_fail_hard', 'fixture_bad_output', 'fixture_find_job', 'fixture_wait_forever']);
      expect(Object.isFrozen(kernel.catalog.entries)).toBe(true);
      expect(kernel.hostInfo.plugins().loaded).toEqual([
        expect.objectContaining({ id: 'fixture-good', version: '1.2.3', tools: expect.arrayContaining(['fixture_say_hello']) }),
      ]);
    });

    it('resolves a plugin by package name from node_modules above the config file', async () => {
      await mkdir(join(temp.path, 'node_modules'), { recursive: true });
      await symlink(join(fixtures, 'good-plugin'), join(temp.path, 'node_modules', 'orcaops-plugin-fixture-good'));
      await writeFile(join(temp.path, 'orcaops.config.json'), JSON.stringify({ plugins: [{ plugin: 'orcaops-plugin-fixture-good', options: { greeting: 'ahoy' } }] }));
      const kernel = await start([]);
      const outcome = await kernel.invoker.invoke('fixture_say_hello', { name: 'crew' });
      expect(outcome).toEqual({ ok: true, data: { message: 'ahoy crew' } });
    });

    it('records a plugin that fails to load and keeps the others', async () => {
      const kernel = await start([
        fixture('broken-plugin'),
        fixture('no-manifest'),
        fixture('bad-tool-plugin'),
        fixture('missing-dir'),
        fixture('future-api-plugin'),
        fixture('legacy-module-plugin'),
        fixture('reserved-prefix-plugin'),
        fixture('good-plugin'),
      ]);
      const { loaded, failed } = kernel.hostInfo.plugins();
      expect(loaded.map((plugin) => plugin.id)).toEqual(['fixture-good']);
      expect(failed).toEqual([
        expect.objectContaining({ source: './broken-plugin', error: expect.stringContaining('exploded') }),
        expect.objectContaining({ source: './no-manifest', error: expect.stringContaining('"orcaops" manifest') }),
        expect.objectContaining({ source: './bad-tool-plugin', error: expect.stringContaining('badtool_<verb>_<noun>') }),
        expect.objectContaining({ source: './missing-dir', error: expect.stringContaining('no package.json') }),
        expect.objectContaining({
          source: './future-api-plugin',
          error:
            'orcaops-plugin-fixture-future is built for plugin API 2; this OrcaOps supports plugin API 1 only: upgrade OrcaOps to a version ' +
            'that supports plugin API 2, or install an older orcaops-plugin-fixture-future.',
        }),
        expect.objectContaining({ source: './legacy-module-plugin', error: expect.stringContaining('inversify modules are no longer supported') }),
        expect.objectContaining({ source: './reserved-prefix-plugin', error: expect.stringContaining('reserved for OrcaOps') }),
      ]);
      expect(sink.records().filter((record) => record['level'] === 'error')).toHaveLength(7);
    });

    it('skips a plugin whose options are invalid, naming the option', async () => {
      const kernel = await start([fixture('good-plugin', { greeting: 42 })]);
      expect(kernel.hostInfo.plugins().failed).toEqual([expect.objectContaining({ error: expect.stringContaining('greeting') })]);
    });

    it('skips a third-party plugin whose tool name is taken, saying why, and keeps the rest', async () => {
      const kernel = await start([fixture('good-plugin'), fixture('duplicate-plugin')]);
      expect(kernel.hostInfo.plugins().loaded.map((plugin) => plugin.id)).toEqual(['fixture-good']);
      expect(kernel.hostInfo.plugins().failed).toEqual([
        expect.objectContaining({ source: './duplicate-plugin', error: expect.stringMatching(/fixture_say_hello.*fixture-duplicate.*already declared by plugin fixture-good.*skipped/) }),
      ]);
      expect(kernel.catalog.get('fixture_say_hello')?.pluginId).toBe('fixture-good');
    });

    it('stops start-up when two built-in plugins declare the same tool name', async () => {
      const builtin = (name: string): PluginSpec => ({ ...fixture(name), builtin: true });
      await expect(start([builtin('good-plugin'), builtin('duplicate-plugin')])).rejects.toThrow(DuplicateToolError);
      await expect(start([builtin('good-plugin'), builtin('duplicate-plugin')])).rejects.toThrow(/fixture_say_hello.*fixture-duplicate.*fixture-good/);
    });

    it('sets plugins up with typed services and the host role; only built-ins get the first-party services', async () => {
      const { events } = (await import(join(fixtures, 'good-plugin', 'index.js'))) as { events: string[] };
      events.length = 0;
      await start([fixture('good-plugin')], { role: 'server' });
      await start([{ ...fixture('good-plugin'), builtin: true }]);
      expect(events.filter((event) => event.startsWith('setup'))).toEqual(['setup:server:function:function:false', 'setup:command:function:function:true']);
    });

    it('lets the configuration set a built-in plugin\'s options instead of loading it twice', async () => {
      await writeFile(join(temp.path, 'orcaops.config.json'), JSON.stringify({ plugins: [{ plugin: './good-plugin', options: { greeting: 'ahoy' } }] }));
      const kernel = await start([fixture('good-plugin')], { configPath: join(temp.path, 'orcaops.config.json') });
      expect(kernel.hostInfo.plugins().loaded).toHaveLength(1);
      expect(kernel.hostInfo.plugins().failed).toEqual([]);
      expect(await kernel.invoker.invoke('fixture_say_hello', { name: 'crew' })).toEqual({ ok: true, data: { message: 'ahoy crew' } });
    });

    it('skips a plugin whose setup never finishes, and runs hooks that return nothing', async () => {
      const { calls } = (await import(join(fixtures, 'plain-hooks-plugin', 'index.js'))) as { calls: string[] };
      calls.length = 0;
      const kernel = await start([fixture('slow-setup-plugin'), fixture('plain-hooks-plugin')], { pluginSetupTimeoutMs: 200 });
      expect(kernel.hostInfo.plugins().failed).toEqual([expect.objectContaining({ source: './slow-setup-plugin', error: expect.stringContaining('did not finish within 0.2 s') })]);
      await kernel.stop();
      expect(calls).toEqual(['start', 'stop']);
      expect(sink.records().filter((record) => String(record['msg'] ?? record['message']).includes('hook failed'))).toEqual([]);
    });

    it('closes the host services after the plugins stopped', async () => {
      const order: string[] = [];
      const { events } = (await import(join(fixtures, 'good-plugin', 'index.js'))) as { events: string[] };
      const kernel = await start([fixture('good-plugin')], {
        services: () => ({ ...fakeHostServices(), close: async () => void order.push(`close after ${events.at(-1)}`) }),
      });
      await kernel.stop();
      expect(order).toEqual(['close after stop']);
    });
  });

  describe('invoke', () => {
    it('returns the validated output and forwards only increasing progress', async () => {
      const kernel = await start([fixture('good-plugin')]);
      const progress: number[] = [];
      const outcome = await kernel.invoker.invoke('fixture_say_hello', { name: 'Ada', repeat: { count: 2 } }, { onProgress: (update) => progress.push(update.progress) });
      expect(outcome).toEqual({ ok: true, data: { message: 'hello Ada hello Ada' } });
      expect(progress).toEqual([1, 2]);
    });

    it('gives VALIDATION_ERROR with the path of the bad field', async () => {
      const kernel = await start([fixture('good-plugin')]);
      const outcome = await kernel.invoker.invoke('fixture_say_hello', { name: 'Ada', repeat: { count: 'two' } });
      expect(outcome.ok).toBe(false);
      if (outcome.ok) return;
      expect(outcome.error.code).toBe('VALIDATION_ERROR');
      expect(outcome.error.message).toContain('repeat.count');
      expect(outcome.error.details).toEqual({ issues: [expect.objectContaining({ path: 'repeat.count' })] });
      expect(outcome.error.suggestion.length).toBeGreaterThan(0);
    });

    it.each([
      ['a tool that throws a plain error', 'fixture_fail_hard', {}, 'INTERNAL'],
      ['a tool whose output breaks its schema', 'fixture_bad_output', {}, 'INTERNAL'],
      ['a tool that throws an OrcaError', 'fixture_find_job', { job_id: 'j1' }, 'JOB_NOT_FOUND'],
      ['an unknown tool', 'fixture_no_such_tool', {}, 'TOOL_NOT_FOUND'],
      ['arguments that are not an object', 'fixture_say_hello', 'hello', 'VALIDATION_ERROR'],
    ])('never throws: %s gives %s', async (_case, name, args, code) => {
      const kernel = await start([fixture('good-plugin')]);
      const outcome = await kernel.invoker.invoke(name, args);
      expect(outcome).toEqual({ ok: false, error: expect.objectContaining({ code, message: expect.any(String), suggestion: expect.any(String) }) });
    });

    it('cancels a running call when the caller aborts', async () => {
      const kernel = await start([fixture('good-plugin')]);
      const controller = new AbortController();
      const pending = kernel.invoker.invoke('fixture_wait_forever', {}, { signal: controller.signal });
      controller.abort();
      expect(await pending).toEqual({ ok: false, error: expect.objectContaining({ code: 'CANCELLED' }) });
    });

    it('cancels running calls on stop', async () => {
      const kernel = await start([fixture('good-plugin')]);
      const pending = kernel.invoker.invoke('fixture_wait_forever', {});
      await kernel.stop();
      expect(await pending).toEqual({ ok: false, error: expect.objectContaining({ code: 'CANCELLED' }) });
    });
  });

  describe('lifecycle', () => {
    it('runs start hooks on start and stop hooks once however often stop is called', async () => {
      const { events } = (await import(join(fixtures, 'good-plugin', 'index.js'))) as { events: string[] };
      events.length = 0;
      const kernel = await start([fixture('good-plugin')]);
      expect(events.filter((event) => !event.startsWith('setup'))).toEqual(['start']);
      await Promise.all([kernel.stop(), kernel.stop()]);
      expect(events.filter((event) => !event.startsWith('setup'))).toEqual(['start', 'stop']);
    });
  });
});
