import { mkdir } from 'node:fs/promises';
import { describe, expect, it } from '@jest/globals';
import { defineTool, replyWireBytes, toEnvelope, type AnyToolDefinition } from '@orcaops/plugin-api';
import { silentLogger } from '@orcaops/testing';
import { z } from 'zod';
import { ToolCatalog } from '../catalog/tool-catalog.js';
import { Invoker } from './invoker.js';

function invoker(...tools: AnyToolDefinition[]): Invoker {
  return new Invoker(ToolCatalog.from([{ pluginId: 'test', source: 'test', tools }]), silentLogger, new AbortController().signal);
}

const cleanup = defineTool({
  name: 'orcaops_cleanup_things',
  title: 'Cleanup',
  description: 'Removes things unless dry_run.',
  category: 'test',
  input: z.object({ dry_run: z.boolean().default(false) }),
  output: z.object({ removed: z.boolean() }),
  annotations: { readOnlyHint: false },
  run: async ({ dry_run }) => ({ removed: !dry_run }),
});

const flood = defineTool({
  name: 'orcaops_get_flood',
  title: 'Flood',
  description: 'Returns a lot.',
  category: 'test',
  input: z.object({}),
  output: z.object({ lines: z.array(z.object({ text: z.string() })) }),
  annotations: { readOnlyHint: true },
  run: async () => ({ lines: Array.from({ length: 100 }, () => ({ text: '\u0001'.repeat(16_384) })) }),
});

const mkdirTool = defineTool({
  name: 'orcaops_make_dir',
  title: 'Make dir',
  description: 'Creates a directory.',
  category: 'test',
  input: z.object({ directory: z.string() }),
  output: z.object({}),
  annotations: { readOnlyHint: false },
  run: async ({ directory }) => {
    await mkdir(directory, { recursive: true });
    return {};
  },
});

describe('Invoker', () => {
  it('refuses a misspelt key instead of running with the default (dryrun would have run for real)', async () => {
    const outcome = await invoker(cleanup).invoke('orcaops_cleanup_things', { dryrun: true });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR', message: expect.stringContaining('"dryrun"'), suggestion: expect.stringContaining('dry_run') } });
  });

  it('keeps every success reply within the limit and says it was cut', async () => {
    const outcome = await invoker(flood).invoke('orcaops_get_flood', {});
    expect(outcome.ok).toBe(true);
    expect(replyWireBytes(toEnvelope(outcome))).toBeLessThanOrEqual(65_536);
    expect(outcome.ok && outcome.data['reply_truncated']).toMatchObject({ limit_bytes: 65_536 });
  });

  it('lowers the reply limit for a call that asks (maxReplyBytes), and never raises it', async () => {
    const lowered = await invoker(flood).invoke('orcaops_get_flood', {}, { maxReplyBytes: 20_000 });
    expect(replyWireBytes(toEnvelope(lowered))).toBeLessThanOrEqual(20_000);
    expect(lowered.ok && lowered.data['reply_truncated']).toMatchObject({ limit_bytes: 20_000 });
    const notRaised = await invoker(flood).invoke('orcaops_get_flood', {}, { maxReplyBytes: 10_000_000 });
    expect(notRaised.ok && notRaised.data['reply_truncated']).toMatchObject({ limit_bytes: 65_536 });
  });

  it('turns NUL bytes and over-long names that reach the file system into VALIDATION_ERROR, without echoing them', async () => {
    const tools = invoker(mkdirTool);
    const nul = await tools.invoke('orcaops_make_dir', { directory: '/tmp/a\u0000b' });
    expect(nul).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR', message: expect.stringContaining('NUL') } });
    const long = await tools.invoke('orcaops_make_dir', { directory: `/tmp/${'n'.repeat(5000)}` });
    expect(long).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR' } });
    expect(JSON.stringify(long).length).toBeLessThan(1000);
  });

  it('quotes an unknown tool name only as a short excerpt', async () => {
    const outcome = await invoker(cleanup).invoke(`x${'y'.repeat(12 * 1024 * 1024)}`, {});
    expect(outcome).toMatchObject({ ok: false, error: { code: 'TOOL_NOT_FOUND' } });
    expect(replyWireBytes(toEnvelope(outcome))).toBeLessThan(2000);
  });
});
