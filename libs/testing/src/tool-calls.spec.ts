import { describe, expect, it } from '@jest/globals';
import { OrcaError, defineTool } from '@orcaops/plugin-api';
import { ArtifactRecordSchema, JobSpecSchema, RunRecordSchema, type RunStore } from '@orcaops/contracts';
import { setupBuiltinPlugin } from './builtin-plugin-setup.js';
import { callToolData, callToolError, callToolOutcome, toolNamed } from './tool-calls.js';

// This library does not depend on zod itself: the schemas are cut from the SDK's.
const echo = defineTool({
  name: 'orcaops_echo_text',
  title: 'Echo',
  description: 'Echoes its image as path, with the reply limit as size, or fails with NOT_FOUND for "missing".',
  category: 'test',
  input: JobSpecSchema.pick({ image: true }),
  output: ArtifactRecordSchema.pick({ path: true, size: true }),
  annotations: { readOnlyHint: true },
  run: async ({ image }, ctx) => {
    if (image === 'missing') throw new OrcaError('NOT_FOUND', 'nothing called missing');
    return { path: image, size: ctx.reply.limit };
  },
});

describe('tool calls in specs', () => {
  it('returns the data of a call through the real pipeline, with the reply limit asked for', async () => {
    expect(await callToolData(echo, { image: 'hi' })).toEqual({ path: 'hi', size: 65_536 });
    expect(await callToolData(echo, { image: 'hi' }, { replyLimit: 8192 })).toEqual({ path: 'hi', size: 8192 });
  });

  it('fails a data call naming the code, and gives the error of a failing call', async () => {
    await expect(callToolData(echo, { image: 'missing' })).rejects.toThrow(/NOT_FOUND: nothing called missing/);
    expect(await callToolError(echo, { image: 'hi', imgae: 1 })).toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringContaining('imgae') });
    await expect(callToolError(echo, { image: 'hi' })).rejects.toThrow(/succeeded/);
    expect(await callToolOutcome(echo, { image: 'missing' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('finds a tool by name, or lists the names there are', () => {
    expect(toolNamed([echo], 'orcaops_echo_text')).toBe(echo);
    expect(() => toolNamed([echo], 'orcaops_nope')).toThrow(/orcaops_echo_text/);
  });
});

describe('setupBuiltinPlugin', () => {
  const plugin = {
    id: 'store-reader',
    toolPrefix: 'orcaops',
    setup: ({ services }: { services: { runStore: RunStore } }) => ({
      tools: [
        defineTool({
          name: 'orcaops_get_thing',
          title: 'Get',
          description: 'Reads a record from the run store.',
          category: 'test',
          input: RunRecordSchema.pick({ job_id: true }),
          output: RunRecordSchema.pick({ job_id: true, status: true }),
          annotations: { readOnlyHint: true },
          run: async ({ job_id }) => ({ job_id, status: (await services.runStore.get(job_id))?.status ?? 'queued' }),
        }),
      ],
    }),
  };

  it('hands the run store to the plugin, and names it when the test gave none', async () => {
    const runStore = { get: async (jobId: string) => (jobId === 'known' ? { status: 'success' } : null) } as unknown as RunStore;
    const withStore = await setupBuiltinPlugin(plugin, { services: { runStore } });
    expect(await withStore.call('orcaops_get_thing', { job_id: 'known' })).toEqual({ success: true, job_id: 'known', status: 'success' });
    const without = await setupBuiltinPlugin(plugin);
    expect(await without.call('orcaops_get_thing', { job_id: 'known' })).toMatchObject({
      success: false,
      error: { code: 'INTERNAL', message: expect.stringContaining('services.runStore.get') },
    });
  });
});
