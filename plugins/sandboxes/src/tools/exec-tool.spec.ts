import { describe, expect, it } from '@jest/globals';
import { REPLY_HEADROOM_BYTES, createReplyBudget, decodeOutputText, replyWireBytes, type AnyToolDefinition, type ContainerSummary, type DockerService, type ReplyBudget } from '@orcaops/plugin-api';
import { callToolData } from '@orcaops/testing';
import { execInService } from '../project/exec-in-service.js';
import type { SandboxEntry } from '../registry/sandbox-registry.js';
import type { Sandboxes } from '../sandboxes.js';
import { createExecInSandboxTool } from './exec-tool.js';

const target = { id: 'c1', name: 'shop-web-1', labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.container-number': '1' } } as unknown as ContainerSummary;

/** The exec tool over a fake engine whose command prints `stdout` and `stderr` in 64 KiB chunks. */
function execPrinting(stdout: Buffer, stderr: Buffer = Buffer.alloc(0)) {
  const chunks = (bytes: Buffer) => Array.from({ length: Math.ceil(bytes.length / 65_536) }, (_, index) => bytes.subarray(index * 65_536, (index + 1) * 65_536));
  const docker = {
    listContainers: async () => [target],
    exec: async (_id: string, _spec: unknown, handlers: { onStdout(chunk: Buffer): void; onStderr(chunk: Buffer): void }) => {
      for (const chunk of chunks(stdout)) handlers.onStdout(chunk);
      for (const chunk of chunks(stderr)) handlers.onStderr(chunk);
      return 0;
    },
  } as unknown as DockerService;
  const entry = { name: 'shop', project: 'shop' } as SandboxEntry;
  const scope = { project: 'shop', directories: ['/sandboxes/shop'] };
  const sandboxes = { exec: (_name: string, request: Parameters<Sandboxes['exec']>[1], signal: AbortSignal) => execInService(docker, entry, scope, request, signal) } as unknown as Sandboxes;
  const tool = createExecInSandboxTool(sandboxes) as unknown as AnyToolDefinition;
  /** Calls the tool as OrcaOps does, and checks that the reply did not have to be cut for it. */
  return async (args: Record<string, unknown> = {}, reply: ReplyBudget = createReplyBudget()): Promise<Record<string, any>> => {
    const data = await callToolData(tool, { name: 'shop', service: 'web', command: ['x'], ...args }, { reply });
    expect(data['reply_truncated']).toBeUndefined();
    expect(replyWireBytes({ success: true, ...data })).toBeLessThanOrEqual(reply.limit - REPLY_HEADROOM_BYTES);
    return data;
  };
}

const controlBytes = (size: number) => Buffer.from(Array.from({ length: size }, (_, index) => index % 32));

describe('orcaops_exec_in_sandbox output within the reply budget', () => {
  it('fits 800 KiB of control bytes per stream in 64 KiB with the defaults, the newest kept and the rest counted', async () => {
    const bytes = controlBytes(800 * 1024);
    const data = await execPrinting(bytes, bytes)();
    expect(data).toMatchObject({ exit_code: 0, encoding: 'text', truncated: true });
    for (const name of ['stdout', 'stderr'] as const) {
      const dropped = data['dropped_bytes'][name];
      expect(data[name]).toBe(decodeOutputText(bytes.subarray(dropped)).text);
      expect(data[name].length).toBeGreaterThan(5000);
    }
    expect(data['replaced']).toBeGreaterThan(1000);
  });

  it('gives the exact bytes in base64, the newest when they do not all fit', async () => {
    const small = Buffer.from([0, 1, 2, 0xff, 0xfe, 0x1b, 0x5b, 0x0a]);
    expect(await execPrinting(small)({ encoding: 'base64' })).toMatchObject({ stdout: small.toString('base64'), stderr: '', replaced: 0, truncated: false, dropped_bytes: { stdout: 0, stderr: 0 } });
    const large = Buffer.from(Array.from({ length: 300_000 }, (_, index) => (index * 31) % 256));
    const data = await execPrinting(large)({ encoding: 'base64' });
    expect(data['truncated']).toBe(true);
    expect(Buffer.from(data['stdout'], 'base64').equals(large.subarray(data['dropped_bytes']['stdout']))).toBe(true);
  });

  it('raises the reply budget for max_bytes 1 MiB and keeps 20 MB of \\x01 within the largest reply', async () => {
    const ones = Buffer.alloc(20 * 1000 * 1000, 1);
    const reply = createReplyBudget();
    const data = await execPrinting(ones, ones)({ max_bytes: 1024 * 1024 }, reply);
    expect(reply.limit).toBe(reply.max);
    expect(replyWireBytes({ success: true, ...data })).toBeGreaterThan(reply.max * 0.9);
    expect(data['stdout']).toMatch(/^\uFFFD+$/);
    expect(data['dropped_bytes']['stdout']).toBe(ones.length - data['stdout'].length);
  });

  it('cuts at a character boundary and removes escape sequences', async () => {
    const data = await execPrinting(Buffer.from('漢'.repeat(100_000)), Buffer.from('\u001b[1;31merror\u001b[0m\n'))();
    expect(data['stdout']).toMatch(/^漢+$/);
    expect(data['dropped_bytes']['stdout'] % 3).toBe(0);
    expect(data).toMatchObject({ stderr: 'error\n', replaced: 2 });
    // The small stderr leaves its share to stdout.
    expect(replyWireBytes(data['stdout'])).toBeGreaterThan(50_000);
  });
});
