import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from '@jest/globals';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const BIN = fileURLToPath(new URL('../../bin/orcaops-mcp.js', import.meta.url));
/** The `orcaops` CLI's bin, whose `orcaops mcp` is the same server. */
const CLI_BIN = fileURLToPath(new URL('../../../cli/bin/orcaops.js', import.meta.url));

/**
 * Spawns the built `orcaops-mcp` (or `orcaops mcp` with `viaCli`) in `cwd` (ORCAOPS_HOME under it) and connects the
 * SDK's client over stdio.
 */
export async function connectOrcaopsMcp(cwd: string, clientName: string, options: { viaCli?: boolean; env?: Record<string, string> } = {}): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: options.viaCli ? [CLI_BIN, 'mcp'] : [BIN],
    cwd,
    env: { ...(process.env as Record<string, string>), ORCAOPS_HOME: join(cwd, 'home'), ...options.env },
    stderr: 'pipe',
  });
  const client = new Client({ name: clientName, version: '1.0.0' });
  await client.connect(transport);
  return client;
}

/** Calls a tool and returns its envelope, checking that the structured content and the text block agree. */
export async function callEnvelope(
  client: Client,
  name: string,
  args: Record<string, unknown>,
  onProgress?: (message: string) => void,
): Promise<Record<string, any>> {
  const result = await client.callTool({ name, arguments: args }, undefined, {
    timeout: 180_000,
    ...(onProgress ? { onprogress: (update: { message?: string }) => onProgress(update.message ?? '') } : {}),
  });
  const [block] = result.content as Array<{ text: string }>;
  const envelope = JSON.parse(block!.text) as Record<string, any>;
  if (envelope['success']) expect(result.structuredContent).toEqual(envelope);
  else expect(result.isError).toBe(true);
  return envelope;
}
