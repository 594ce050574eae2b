import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { OrcaError } from '../errors/orca-error.js';
import { definePlugin } from '../plugins/plugin-definition.js';
import { replyWireBytes } from '../tools/reply-budget.js';
import { defineTool } from '../tools/tool-definition.js';
import { setupPlugin } from './index.js';

const greeter = definePlugin({
  id: 'greeter',
  options: z.object({ greeting: z.string().default('hello') }),
  setup: ({ options, services }) => ({
    tools: [
      defineTool({
        name: 'greeter_say_hello',
        title: 'Say hello',
        description: 'Greets someone, with the time.',
        category: 'test',
        input: z.object({ name: z.string().min(1), times: z.number().int().min(1).default(1) }),
        output: z.object({ message: z.string() }),
        annotations: { readOnlyHint: true },
        run: async ({ name, times }, ctx) => {
          ctx.progress({ progress: 1, total: 1 });
          return { message: Array(times).fill(`${options.greeting} ${name} at ${services.clock.now().toISOString()}`).join('\n') };
        },
      }),
      defineTool({
        name: 'greeter_find_thing',
        title: 'Find',
        description: 'Asks the engine.',
        category: 'test',
        input: z.object({}),
        output: z.object({}),
        annotations: { readOnlyHint: true },
        run: async () => {
          await services.docker.ping();
          throw new OrcaError('NOT_FOUND', 'nothing');
        },
      }),
    ],
  }),
});

const clock = { now: () => new Date('2026-01-01T00:00:00Z') };

describe('setupPlugin', () => {
  it('calls a tool through the real pipeline and returns the envelope a client gets', async () => {
    const plugin = await setupPlugin(greeter, { services: { clock }, options: { greeting: 'ahoy' } });
    const progress: number[] = [];
    expect(await plugin.call('greeter_say_hello', { name: 'crew' }, { onProgress: (update) => progress.push(update.progress) })).toEqual({
      success: true,
      message: 'ahoy crew at 2026-01-01T00:00:00.000Z',
    });
    expect(progress).toEqual([1]);
  });

  it('refuses unknown keys and bad arguments as OrcaOps does', async () => {
    const plugin = await setupPlugin(greeter, { services: { clock } });
    expect(await plugin.call('greeter_say_hello', { name: 'crew', tims: 2 })).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR', message: expect.stringContaining('tims') } });
    expect(await plugin.call('greeter_say_hello', {})).toMatchObject({ success: false, error: { code: 'VALIDATION_ERROR' } });
  });

  it('bounds the reply by the budget it was given', async () => {
    const plugin = await setupPlugin(greeter, { services: { clock }, replyBytes: 4096 });
    const envelope = await plugin.call('greeter_say_hello', { name: 'x'.repeat(500), times: 50 });
    expect(replyWireBytes(envelope)).toBeLessThanOrEqual(4096);
    expect(envelope['reply_truncated']).toBeDefined();
  });

  it('says which service a test forgot, instead of failing obscurely', async () => {
    const plugin = await setupPlugin(greeter, { services: { clock } });
    expect(await plugin.call('greeter_find_thing')).toMatchObject({ success: false, error: { code: 'INTERNAL', message: expect.stringContaining('services.docker.ping') } });
  });

  it('rejects invalid options and misnamed tools as loading the plugin would', async () => {
    await expect(setupPlugin(greeter, { options: { greeting: 42 } })).rejects.toThrow(/greeting/);
    const misnamed = definePlugin({ id: 'other', setup: () => ({ tools: greeter.setup as never }) });
    await expect(setupPlugin(misnamed)).rejects.toThrow(/setup\(\) must return/);
    await expect(setupPlugin(definePlugin({ id: 'greeter-two', toolPrefix: 'orcaops', setup: () => ({ tools: [] }) }))).rejects.toThrow(/reserved/);
    // OrcaOps's own plugins are the only ones whose tools may carry its prefix.
    await expect(setupPlugin(definePlugin({ id: 'greeter-two', toolPrefix: 'orcaops', setup: () => ({ tools: [] }) }), { builtin: true })).resolves.toMatchObject({ tools: [] });
  });

  it('names the tools it has when asked for one it does not', async () => {
    const plugin = await setupPlugin(greeter);
    expect(await plugin.call('greeter_nope')).toMatchObject({ success: false, error: { code: 'TOOL_NOT_FOUND', message: expect.stringContaining('greeter_say_hello') } });
  });
});
