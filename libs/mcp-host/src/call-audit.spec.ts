import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { startOrcaOps, type StartOrcaOpsOptions } from '@orcaops/composition';
import type { Kernel } from '@orcaops/kernel';
import { MemoryLogSink, makeTempDir, silentLogger } from '@orcaops/testing';
import { createMcpServer } from './create-mcp-server.js';

/** The kernel's audit log on the built-in catalog with no engine: which calls are recorded, and how. */
describe('the audit log of calls that change something', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  const kernels: Kernel[] = [];

  beforeEach(async () => {
    temp = await makeTempDir('orcaops-call-audit-');
  });
  afterEach(async () => {
    await Promise.all(kernels.splice(0).map((kernel) => kernel.stop()));
    await temp.remove();
  });

  /** A kernel whose home is the temporary directory; the host is `mcp` unless `named` is false. */
  async function start(options: Partial<StartOrcaOpsOptions> = {}, named = true): Promise<Kernel> {
    const kernel = await startOrcaOps({
      cwd: temp.path,
      env: { ORCAOPS_HOME: temp.path, DOCKER_HOST: 'unix:///nonexistent/orcaops-audit.sock' },
      logSink: new MemoryLogSink(),
      role: 'server',
      ...(named ? { host: 'mcp' as const } : {}),
      ...options,
    });
    kernels.push(kernel);
    return kernel;
  }

  const auditLines = (): Array<Record<string, unknown>> =>
    readFileSync(join(temp.path, 'audit.log'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  it('records each call of a tool that may change something, with host, target and outcome, and no read-only call', async () => {
    const kernel = await start();
    const before = Date.now();
    expect(await kernel.invoker.invoke('orcaops_list_runs', {})).toMatchObject({ ok: true });
    expect(await kernel.invoker.invoke('orcaops_delete_run', { job_id: 'job-missing' })).toMatchObject({ ok: false, error: { code: 'RUN_NOT_FOUND' } });
    expect(await kernel.invoker.invoke('orcaops_cleanup_runs', { dry_run: true })).toMatchObject({ ok: true });
    expect(await kernel.invoker.invoke('orcaops_get_run', { job_id: 'job-missing' })).toMatchObject({ ok: false });
    // Refused before it ran (a misspelt key): recorded with the code, the target still named.
    expect(await kernel.invoker.invoke('orcaops_delete_run', { job_id: 'job-typo', dryrun: true })).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR' } });
    // A name no plugin declares is nothing that could change anything: not recorded.
    expect(await kernel.invoker.invoke('orcaops_no_such_tool', { job_id: 'x' })).toMatchObject({ ok: false, error: { code: 'TOOL_NOT_FOUND' } });
    await kernel.stop();

    const lines = auditLines();
    expect(lines).toEqual([
      { time: expect.any(String), host: 'mcp', tool: 'orcaops_delete_run', target: 'job_id=job-missing', outcome: 'RUN_NOT_FOUND', duration_ms: expect.any(Number) },
      { time: expect.any(String), host: 'mcp', tool: 'orcaops_cleanup_runs', target: null, outcome: 'ok', duration_ms: expect.any(Number) },
      { time: expect.any(String), host: 'mcp', tool: 'orcaops_delete_run', target: 'job_id=job-typo', outcome: 'VALIDATION_ERROR', duration_ms: expect.any(Number) },
    ]);
    for (const line of lines) expect(Date.parse(line['time'] as string)).toBeGreaterThanOrEqual(before - 1);
    expect(readFileSync(join(temp.path, 'audit.log'), 'utf8')).not.toContain('dryrun');
  });

  it('records a call of a tool the selection left out, from the invoker and from the MCP host that refuses it', async () => {
    const kernel = await start({ readOnly: true });
    expect(kernel.catalog.get('orcaops_delete_run')).toBeUndefined();
    expect(await kernel.invoker.invoke('orcaops_delete_run', { job_id: 'job-1' })).toMatchObject({ ok: false, error: { code: 'TOOL_NOT_FOUND' } });

    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await createMcpServer({ core: kernel, version: '0', log: silentLogger }).connect(serverSide);
    const client = new Client({ name: 'call-audit', version: '1' });
    await client.connect(clientSide);
    await expect(client.callTool({ name: 'orcaops_cleanup_runs', arguments: { dry_run: true } })).rejects.toThrow(/Unknown tool/);
    await expect(client.callTool({ name: 'orcaops_made_up', arguments: {} })).rejects.toThrow(/Unknown tool/);
    expect(await client.callTool({ name: 'orcaops_list_runs', arguments: {} })).not.toHaveProperty('isError', true);
    await client.close();
    await kernel.stop();

    expect(auditLines().map(({ tool, target, outcome, host }) => ({ tool, target, outcome, host }))).toEqual([
      { tool: 'orcaops_delete_run', target: 'job_id=job-1', outcome: 'TOOL_NOT_FOUND', host: 'mcp' },
      { tool: 'orcaops_cleanup_runs', target: null, outcome: 'TOOL_NOT_FOUND', host: 'mcp' },
    ]);
  });

  it('writes nothing with audit.enabled false, and says unknown for a host that did not name itself', async () => {
    await writeFile(join(temp.path, 'orcaops.config.json'), JSON.stringify({ audit: { enabled: false } }));
    const off = await start();
    await off.invoker.invoke('orcaops_cleanup_runs', { dry_run: true });
    await off.stop();
    expect(existsSync(join(temp.path, 'audit.log'))).toBe(false);

    await writeFile(join(temp.path, 'orcaops.config.json'), JSON.stringify({ audit: { maxBytes: 4096, keep: 1 } }));
    const kernel = await start({}, false);
    await kernel.invoker.invoke('orcaops_cleanup_runs', { dry_run: true });
    await kernel.stop();
    expect(auditLines()).toEqual([expect.objectContaining({ host: 'unknown', tool: 'orcaops_cleanup_runs', outcome: 'ok' })]);
  });
});
