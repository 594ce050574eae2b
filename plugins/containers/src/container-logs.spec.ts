import { describe, expect, it } from '@jest/globals';
import { REPLY_HEADROOM_BYTES, createReplyBudget, decodeOutputText, replyWireBytes, type AnyToolDefinition, type OutputHandlers, type ReplyBudget } from '@orcaops/plugin-api';
import { FakeDockerService, callToolData } from '@orcaops/testing';
import { createContainerLogsTool } from './container-logs.tool.js';

const ID = 'c'.repeat(64);

/** The logs tool over a fake engine whose container prints `chunks` (stdout unless marked). */
function logsOf(chunks: ReadonlyArray<Buffer | readonly ['stderr', Buffer]>) {
  const docker = new FakeDockerService();
  docker.add({ id: ID, name: 'printer', state: 'exited', status: 'Exited (0)', ports: [], health: null });
  docker.streamLogs = async (_id: string, handlers: OutputHandlers) => {
    for (const chunk of chunks) {
      if (Buffer.isBuffer(chunk)) handlers.onStdout(chunk);
      else handlers.onStderr(chunk[1]);
    }
  };
  const tool = createContainerLogsTool(docker, { now: () => new Date() }) as unknown as AnyToolDefinition;
  /** Calls the tool as OrcaOps does, and checks that the reply did not have to be cut for it. */
  return async (args: Record<string, unknown> = {}, reply: ReplyBudget = createReplyBudget()): Promise<Record<string, any>> => {
    const data = await callToolData(tool, { container_id: ID, ...args }, { reply });
    expect(data['reply_truncated']).toBeUndefined();
    expect(replyWireBytes({ success: true, ...data })).toBeLessThanOrEqual(reply.limit - REPLY_HEADROOM_BYTES);
    return data;
  };
}

/** `size` bytes cycling through 0x00–0x1F, in 64 KiB chunks as the engine would send them. */
function controlBytes(size: number): Buffer[] {
  const bytes = Buffer.from(Array.from({ length: size }, (_, index) => index % 32));
  return Array.from({ length: Math.ceil(size / 65_536) }, (_, index) => bytes.subarray(index * 65_536, (index + 1) * 65_536));
}

describe('orcaops_get_container_logs within the reply budget', () => {
  it('shows 800 KiB of control bytes as text within 64 KiB, the newest lines kept', async () => {
    const chunks = controlBytes(800 * 1024);
    const data = await logsOf(chunks)({ tail: 10_000 });
    expect(data['truncated']).toBe(true);
    expect(data['replaced']).toBeGreaterThan(1000);
    const lines: string[] = Buffer.concat(chunks).toString('latin1').split('\n');
    const last = Buffer.from(lines.at(-1)!, 'latin1');
    expect(data['lines'].at(-1).text).toBe(decodeOutputText(last.subarray(0, last.at(-1) === 0x0d ? -1 : undefined)).text);
    expect(data['lines'].length).toBeGreaterThan(100);
    // eslint-disable-next-line no-control-regex
    for (const line of data['lines']) expect(line.text).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
  });

  it('keeps the end of one 20 MB line, cut to the budget', async () => {
    const line = Buffer.from(`${'x漢'.repeat(5_000_000)}END`);
    const chunks = Array.from({ length: Math.ceil(line.length / 65_536) }, (_, index) => line.subarray(index * 65_536, (index + 1) * 65_536));
    const data = await logsOf(chunks)({});
    expect(data['truncated']).toBe(true);
    expect(data['lines']).toHaveLength(1);
    expect(data['lines'][0].text.endsWith('x漢END')).toBe(true);
    expect(data['lines'][0].text).not.toContain('\uFFFD');
    expect(data['bytes']).toBe(Buffer.byteLength(data['lines'][0].text) + 1);
  });

  it('raises the reply budget for a larger max_bytes, up to the maximum, and fits 20 MB of \\x01 there', async () => {
    const ones = Array.from({ length: 320 }, () => Buffer.alloc(65_536, 1));
    const reply = createReplyBudget();
    const data = await logsOf(ones)({ max_bytes: 1024 * 1024 }, reply);
    expect(reply.limit).toBe(reply.max);
    expect(data['lines'][0].text).toMatch(/^\uFFFD+$/);
    expect(replyWireBytes(data)).toBeGreaterThan(reply.max * 0.9);
  });

  it('drops the oldest of many short lines to fit the reply, keeping the newest', async () => {
    const text = Array.from({ length: 10_000 }, (_, n) => `l${n}\n`).join('');
    const data = await logsOf([Buffer.from(text), ['stderr', Buffer.from('bye\n')]])({ tail: 10_000 });
    expect(data['truncated']).toBe(true);
    expect(data['lines'].at(-1)).toEqual({ stream: 'stderr', text: 'bye' });
    expect(data['lines'].at(-2)).toEqual({ stream: 'stdout', text: 'l9999' });
    const first = Number(data['lines'][0].text.slice(1));
    expect(data['lines'].slice(0, -1).map((line: { text: string }) => line.text)).toEqual(Array.from({ length: 10_000 - first }, (_, i) => `l${first + i}`));
  });

  it('removes escape sequences and counts them; keeps timestamps apart', async () => {
    const data = await logsOf([Buffer.from('2024-05-01T12:00:00.5Z \u001b[31mred\u001b[0m \u0007bell\n')])({ timestamps: true });
    expect(data['lines']).toEqual([{ stream: 'stdout', text: 'red \uFFFDbell', timestamp: '2024-05-01T12:00:00.5Z' }]);
    expect(data).toMatchObject({ replaced: 3, truncated: false });
  });
});
