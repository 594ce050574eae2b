import { afterEach, describe, expect, it } from '@jest/globals';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Kernel } from '@orcaops/kernel';
import type { ToolOutcome } from '@orcaops/plugin-api';
import { MemoryLogSink } from '@orcaops/testing';
import { createMcpServer, type McpHostOptions } from './create-mcp-server.js';

const silent = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

async function connect(options: McpHostOptions): Promise<Client> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await createMcpServer(options).connect(serverSide);
  const client = new Client({ name: 'contract-test', version: '1.0.0' });
  await client.connect(clientSide);
  return client;
}

describe('createMcpServer', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  });

  it('publishes the built-in catalog unchanged (snapshot: review any change to a tool contract)', async () => {
    const kernel = await Kernel.start({ env: { ORCAOPS_HOME: '/tmp/orcaops-contract' }, logSink: new MemoryLogSink() });
    cleanups.push(() => kernel.stop());
    const client = await connect({ catalog: kernel.catalog, invoker: kernel.invoker, version: '0.0.0', log: silent });
    cleanups.push(() => client.close());
    const { tools } = await client.listTools();
    expect(tools).toMatchSnapshot();
  });

  it('forwards progress when the client asks for it, and aborts the call when the client cancels', async () => {
    let seenSignal: AbortSignal | undefined;
    const invoker = {
      invoke: async (_name: string, _args: unknown, options: { signal?: AbortSignal; onProgress?: (u: { progress: number; total?: number }) => void } = {}): Promise<ToolOutcome> => {
        seenSignal = options.signal;
        options.onProgress?.({ progress: 1, total: 2 });
        options.onProgress?.({ progress: 2, total: 2 });
        if (_name === 'orcaops_slow_tool') await new Promise((resolve) => options.signal?.addEventListener('abort', resolve));
        return { ok: true, data: {} };
      },
    };
    const client = await connect({ catalog: { entries: [] }, invoker, version: '0.0.0', log: silent });
    cleanups.push(() => client.close());

    const progress: number[] = [];
    await client.request(
      { method: 'tools/call', params: { name: 'orcaops_any_tool', arguments: {} } },
      (await import('@modelcontextprotocol/sdk/types.js')).CallToolResultSchema,
      { onprogress: (update) => progress.push(update.progress) },
    );
    expect(progress).toEqual([1, 2]);

    const controller = new AbortController();
    const pending = client.callTool({ name: 'orcaops_slow_tool', arguments: {} }, undefined, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    await expect(pending).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seenSignal?.aborted).toBe(true);
  });
});
