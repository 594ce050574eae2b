import { afterEach, describe, expect, it } from '@jest/globals';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { startOrcaOps } from '@orcaops/composition';
import { toolListSize, type ListedTool } from '@orcaops/kernel';
import type { ToolOutcome } from '@orcaops/plugin-api';
import { MemoryLogSink, silentLogger } from '@orcaops/testing';
import { ErrorCode, McpError, ToolListChangedNotificationSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { defineTool } from '@orcaops/plugin-api';
import { z } from 'zod';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
import { createMcpServer, type McpCore, type McpHostOptions } from './create-mcp-server.js';
import type { ToolListCache } from './tool-list-cache.js';

const stubTool = defineTool({
  name: 'orcaops_stub_tool',
  title: 'Stub',
  description: 'Does nothing.',
  category: 'test',
  input: z.object({}),
  output: z.object({}),
  annotations: { readOnlyHint: true },
  run: async () => ({}),
});

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

  /** The tools the built-in plugins list over MCP. */
  async function listBuiltInTools(): Promise<Tool[]> {
    const kernel = await startOrcaOps({ env: { ORCAOPS_HOME: '/tmp/orcaops-contract' }, logSink: new MemoryLogSink() });
    cleanups.push(() => kernel.stop());
    const client = await connect({ core: kernel, version: '0.0.0', log: silentLogger });
    cleanups.push(() => client.close());
    return (await client.listTools()).tools;
  }

  it('publishes the built-in catalog unchanged (snapshot: review any change to a tool contract)', async () => {
    const tools = await listBuiltInTools();
    expect(tools).toMatchSnapshot();
  });

  it('publishes input and output schemas that every one compile under a strict JSON Schema validator', async () => {
    const tools = await listBuiltInTools();
    const ajv = new Ajv({ strict: true, allErrors: true });
    addFormats(ajv);
    const failures = tools.flatMap((tool) =>
      [tool.inputSchema, tool.outputSchema].flatMap((schema) => {
        try {
          ajv.compile(schema as object);
          return [];
        } catch (error) {
          return [`${tool.name}: ${(error as Error).message}`];
        }
      }),
    );
    expect(failures).toEqual([]);
    expect(tools.length).toBeGreaterThanOrEqual(29);
  });

  it('keeps the built-in tool list within what a model should pay for it: 40,000 characters in all, 16,500 for names, descriptions and input schemas', async () => {
    const tools = await listBuiltInTools();
    const size = toolListSize(tools as unknown as ListedTool[]);
    expect(tools.length).toBeGreaterThanOrEqual(29);
    expect(size.all).toBeLessThanOrEqual(40_000);
    // 16,000 until orcaops_get_container_stats (≈380 chars) came; the other descriptions had no words left to spare.
    expect(size.model).toBeLessThanOrEqual(16_500);
    // The cut keeps what clients act on: every input field still has a type, every output the envelope's fields.
    const untyped = tools.flatMap((tool) =>
      Object.entries(tool.inputSchema.properties ?? {})
        .filter(([, field]) => !('type' in (field as object)) && !('anyOf' in (field as object)))
        .map(([name]) => `${tool.name}.${name}`),
    );
    expect(untyped).toEqual([]);
    for (const tool of tools) expect(tool.outputSchema?.required).toContain('success');
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
    const entries = ['orcaops_any_tool', 'orcaops_slow_tool'].map((name) => ({ tool: { ...stubTool, name }, pluginId: 'test' }));
    const client = await connect({ core: { catalog: { entries }, invoker }, version: '0.0.0', log: silentLogger });
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

  it('answers an unknown tool with the JSON-RPC error the MCP specification prescribes, listing the real tools', async () => {
    const invoker = { invoke: async (): Promise<ToolOutcome> => ({ ok: true, data: {} }) };
    const client = await connect({ core: { catalog: { entries: [{ tool: stubTool, pluginId: 'test' }] }, invoker }, version: '0.0.0', log: silentLogger });
    cleanups.push(() => client.close());
    const error = await client.callTool({ name: `orcaops_nope${'x'.repeat(100_000)}`, arguments: {} }).then(
      () => null,
      (caught: unknown) => caught as McpError,
    );
    expect(error).toBeInstanceOf(McpError);
    expect(error?.code).toBe(ErrorCode.InvalidParams);
    expect(error?.message).toContain('Unknown tool: "orcaops_nope');
    expect(error?.message).toContain('Available tools: orcaops_stub_tool.');
    expect(error?.message.length).toBeLessThan(500);
  });

  describe('staged start-up', () => {
    const tool = defineTool({
      name: 'orcaops_get_answer',
      title: 'Answer',
      description: 'Returns 42.',
      category: 'test',
      input: z.object({}),
      output: z.object({ answer: z.number() }),
      annotations: { readOnlyHint: true },
      run: async () => ({ answer: 42 }),
    });
    const core: McpCore = {
      catalog: { entries: [{ tool, pluginId: 'test' }] },
      invoker: { invoke: async () => ({ ok: true, data: { answer: 42 } }) },
    };
    class MemoryCache implements ToolListCache {
      writes: Tool[][] = [];
      constructor(public tools: Tool[] | null) {}
      async read() {
        return this.tools;
      }
      async write(tools: Tool[]) {
        this.writes.push(tools);
        this.tools = tools;
      }
    }
    function deferred<T>() {
      let resolve!: (value: T) => void;
      const promise = new Promise<T>((r) => (resolve = r));
      return { promise, resolve };
    }

    it('answers tools/list from the cache while plugins load, then announces the real list when it differs', async () => {
      const cache = new MemoryCache([{ name: 'orcaops_old_tool', inputSchema: { type: 'object' } }]);
      const loading = deferred<McpCore>();
      const client = await connect({ core: loading.promise, version: '0', log: silentLogger, toolListCache: cache });
      cleanups.push(() => client.close());
      const changed = new Promise<void>((resolve) => client.setNotificationHandler(ToolListChangedNotificationSchema, () => resolve()));

      expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['orcaops_old_tool']);
      const call = client.callTool({ name: 'orcaops_get_answer', arguments: {} });
      loading.resolve(core);
      expect((await call).structuredContent).toEqual({ success: true, answer: 42 });
      await changed;
      expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['orcaops_get_answer']);
      expect(cache.writes).toHaveLength(1);
    });

    it('waits for the plugins when there is no cache, and leaves an identical cache alone', async () => {
      const cache = new MemoryCache(null);
      const first = await connect({ core, version: '0', log: silentLogger, toolListCache: cache });
      cleanups.push(() => first.close());
      expect((await first.listTools()).tools.map((t) => t.name)).toEqual(['orcaops_get_answer']);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(cache.writes).toHaveLength(1);

      const second = await connect({ core, version: '0', log: silentLogger, toolListCache: cache });
      cleanups.push(() => second.close());
      await second.listTools();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(cache.writes).toHaveLength(1);
    });
  });
});
