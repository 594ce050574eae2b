import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ComposeCli, DockerodeService } from '@orcaops/docker';
import { REPLY_HEADROOM_BYTES, createReplyBudget, replyWireBytes, type AnyToolDefinition } from '@orcaops/plugin-api';
import { TEST_SERVICE_IMAGE, callToolData, makeTempDir, removeComposeProject, requireDocker, silentLogger } from '@orcaops/testing';
import { Sandboxes } from './sandboxes.js';
import { createExecInSandboxTool } from './tools/exec-tool.js';

describe('orcaops_exec_in_sandbox of a command printing binary, against the real engine', () => {
  const name = `binary-${randomUUID().slice(0, 8)}`;
  const signal = new AbortController().signal;
  let home: Awaited<ReturnType<typeof makeTempDir>>;
  let project: string | undefined;
  let tool: AnyToolDefinition;

  async function exec(command: string, args: Record<string, unknown> = {}): Promise<Record<string, any>> {
    const reply = createReplyBudget();
    const data = await callToolData(tool, { name, service: 'jupyter', command: ['sh', '-c', command], ...args }, { reply });
    expect(data['reply_truncated']).toBeUndefined();
    expect(replyWireBytes({ success: true, ...data })).toBeLessThanOrEqual(reply.limit - REPLY_HEADROOM_BYTES);
    return data;
  }

  beforeAll(async () => {
    await requireDocker();
    home = await makeTempDir('orcaops-exec-');
    const sandboxes = new Sandboxes({
      docker: new DockerodeService({ env: process.env }, silentLogger),
      compose: new ComposeCli(),
      host: { home: home.path },
      log: silentLogger,
      options: { roots: [home.path], bind_address: '127.0.0.1' },
    });
    const { entry } = await sandboxes.create({
      template: 'python-ml',
      name,
      directory: join(home.path, name),
      overrides: { images: { jupyter: TEST_SERVICE_IMAGE }, ports: { jupyter: 0 } },
      overwrite: false,
    });
    project = entry.project;
    await sandboxes.start(name, { until: 'running', timeoutMs: 120_000 }, { signal, report: () => undefined });
    tool = createExecInSandboxTool(sandboxes) as unknown as AnyToolDefinition;
  }, 180_000);

  afterAll(async () => {
    if (project) await removeComposeProject(project);
    await home?.remove();
  });

  it('shows 800 KiB of control bytes and escape sequences as text within the default reply budget, newest kept', async () => {
    const data = await exec(`head -c 819200 /dev/zero | tr '\\000' '\\001'; printf '\\033[31mred\\033[0m \\377 end\\n'; echo oops >&2`);
    expect(data).toMatchObject({ exit_code: 0, encoding: 'text', truncated: true, stderr: 'oops\n' });
    expect(data['stdout']).toMatch(/^\uFFFD+red \uFFFD end\n$/);
    // Every byte is accounted for: those dropped, one per U+FFFD shown for \x01, and the 19 of the last line.
    const ones = data['stdout'].indexOf('red');
    expect(data['dropped_bytes']['stdout'] + ones + 19).toBe(819_200 + 19);
    expect(data['replaced']).toBeGreaterThan(5000);
  }, 60_000);

  it('gives the exact bytes in base64', async () => {
    const data = await exec(`printf '\\000\\001\\377\\376\\033[0m\\n'`, { encoding: 'base64' });
    expect(Buffer.from(data['stdout'], 'base64')).toEqual(Buffer.from([0x00, 0x01, 0xff, 0xfe, 0x1b, 0x5b, 0x30, 0x6d, 0x0a]));
    expect(data).toMatchObject({ replaced: 0, truncated: false, dropped_bytes: { stdout: 0, stderr: 0 } });
  }, 60_000);
});
