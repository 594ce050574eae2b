import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { DockerTestScope, TEST_RUN_LABEL, dockerCli, makeTempDir, requireDocker } from '@orcaops/testing';
import { callEnvelope, connectOrcaopsMcp } from './test-fixtures/orcaops-mcp-client.js';

describe('container tools through orcaops-mcp', () => {
  const scope = new DockerTestScope();
  const tag = scope.runId.slice(0, 8);
  const onlyOurs = `${TEST_RUN_LABEL}=${scope.runId}`;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let client: Client;

  beforeAll(async () => {
    await requireDocker();
    temp = await makeTempDir();
    client = await connectOrcaopsMcp(temp.path, 'containers-e2e');
  });
  afterAll(async () => {
    await client?.close().catch(() => undefined);
    await scope.cleanup();
    await temp?.remove();
  });

  const call = (name: string, args: Record<string, unknown>) => callEnvelope(client, name, args);

  it('lists the five container tools with their annotations', async () => {
    const { tools } = await client.listTools();
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    for (const name of ['orcaops_list_containers', 'orcaops_get_container_logs', 'orcaops_inspect_container']) {
      expect(byName.get(name)?.annotations).toMatchObject({ readOnlyHint: true });
    }
    for (const name of ['orcaops_stop_container', 'orcaops_remove_container']) {
      expect(byName.get(name)?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    }
    expect(byName.get('orcaops_stop_container')?.annotations?.idempotentHint).toBe(true);
    expect(byName.get('orcaops_get_container_logs')?.inputSchema.required).toEqual(['container_id']);
    expect(byName.get('orcaops_list_containers')?.inputSchema.required ?? []).toEqual([]);
  });

  it('lists, reads the logs of, inspects, stops and removes containers it created', async () => {
    const serverName = `orcaops-e2e-${tag}-server`;
    const server = await scope.createContainer({ name: serverName, labels: { 'org.orcaops.managed': 'true' }, args: ['-p', '127.0.0.1::8080'] });
    const printer = await scope.createContainer({ name: `orcaops-e2e-${tag}-printer`, command: ['sh', '-c', 'echo out; echo err >&2; seq 1 500'] });
    await dockerCli(['wait', printer]);

    const running = await call('orcaops_list_containers', { label: [onlyOurs] });
    expect(running).toMatchObject({ success: true, total: 1, truncated: false });
    expect(running['containers']).toEqual([
      expect.objectContaining({ id: server.slice(0, 12), name: serverName, state: 'running', managed: true, ports: [expect.stringMatching(/^127\.0\.0\.1:\d+->8080\/tcp$/)] }),
    ]);
    const all = await call('orcaops_list_containers', { all: true, label: [onlyOurs], status: ['exited'] });
    expect(all['containers'].map((row: { id: string; managed: boolean }) => [row.id, row.managed])).toEqual([[printer.slice(0, 12), false]]);

    const logs = await call('orcaops_get_container_logs', { container_id: printer.slice(0, 12), tail: 1000 });
    expect(logs).toMatchObject({ success: true, state: 'exited', truncated: false });
    expect(logs['lines']).toHaveLength(502);
    expect(logs['lines'].filter((line: { stream: string }) => line.stream === 'stderr')).toEqual([{ stream: 'stderr', text: 'err' }]);
    expect(logs['lines']).toContainEqual({ stream: 'stdout', text: 'out' });
    // stdout and stderr are separate pipes: where "err" lands among the numbers is up to the engine, so the tail
    // and the capped read are checked against the order the full read showed.
    const newest = logs['lines'].slice(-2) as Array<{ stream: string; text: string }>;
    const tail = await call('orcaops_get_container_logs', { container_id: printer, tail: 2, timestamps: true });
    expect(tail['lines']).toEqual(newest.map((line) => ({ ...line, timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) })));
    const capped = await call('orcaops_get_container_logs', { container_id: printer, tail: 1000, max_bytes: 1024 });
    expect(capped).toMatchObject({ truncated: true });
    expect(capped['bytes']).toBeLessThanOrEqual(1024);
    expect(capped['lines']).toEqual(logs['lines'].slice(-capped['lines'].length));

    const inspected = await call('orcaops_inspect_container', { container_id: serverName });
    expect(inspected).toMatchObject({ success: true, full_id: server, state: 'running', running: true, managed: true, command: ['sh', '-c', 'sleep 300'] });
    expect(inspected).not.toHaveProperty('raw');
    expect((await call('orcaops_inspect_container', { container_id: serverName, raw: true }))['raw']).toMatchObject({ Id: server, Name: `/${serverName}` });

    const stopped = await call('orcaops_stop_container', { container_id: serverName, timeout: 5 });
    expect(stopped).toMatchObject({ success: true, was_running: true, state: 'exited' });
    expect(await call('orcaops_stop_container', { container_id: serverName })).toMatchObject({ success: true, was_running: false, state: 'exited' });

    const removed = await call('orcaops_remove_container', { container_id: serverName });
    expect(removed).toMatchObject({ success: true, removed: true, was_running: false });
    await expect(dockerCli(['inspect', server])).rejects.toThrow(/No such/i);
  });

  it('refuses to remove a running container without force, removes it with force', async () => {
    const id = await scope.createContainer({ name: `orcaops-e2e-${tag}-busy` });
    const refused = await call('orcaops_remove_container', { container_id: id });
    expect(refused).toEqual({
      success: false,
      error: expect.objectContaining({ code: 'REMOVE_FAILED', message: expect.stringContaining('running'), suggestion: expect.stringContaining('force=true') }),
    });
    expect(await dockerCli(['inspect', '--format', '{{.State.Running}}', id])).toBe('true');
    expect(await call('orcaops_remove_container', { container_id: id, force: true })).toMatchObject({ success: true, removed: true, was_running: true });
    expect((await call('orcaops_list_containers', { all: true, label: [onlyOurs], name: `${tag}-busy` }))['containers']).toEqual([]);
  });

  it('answers an unknown container with CONTAINER_NOT_FOUND and bad input with VALIDATION_ERROR', async () => {
    for (const name of ['orcaops_get_container_logs', 'orcaops_inspect_container', 'orcaops_stop_container', 'orcaops_remove_container']) {
      const missing = await call(name, { container_id: `orcaops-no-such-${tag}` });
      expect(missing).toEqual({
        success: false,
        error: { code: 'CONTAINER_NOT_FOUND', message: expect.stringContaining(`orcaops-no-such-${tag}`), suggestion: expect.stringContaining('orcaops_list_containers') },
      });
    }
    const invalid = await call('orcaops_get_container_logs', { container_id: 'x', since: 'last tuesday' });
    expect(invalid['error']).toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringContaining('since') });
  });
});
