import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DockerodeService } from '@orcaops/docker';
import { REPLY_HEADROOM_BYTES, createReplyBudget, replyWireBytes, type AnyToolDefinition } from '@orcaops/plugin-api';
import { DockerTestScope, callToolData, dockerCli, requireDocker, silentLogger } from '@orcaops/testing';
import { createContainerLogsTool } from './container-logs.tool.js';

// Control characters, an escape sequence, invalid UTF-8 and a NUL on each line, as a misbehaving program prints them.
const BINARY_LINE = String.raw`\001\002\033[31mred\033[0m\377\376 \000 n`;

describe('orcaops_get_container_logs of a container printing binary, against the real engine', () => {
  const scope = new DockerTestScope();
  const tool = createContainerLogsTool(new DockerodeService({ env: process.env }, silentLogger), { now: () => new Date() }) as unknown as AnyToolDefinition;
  let printer: string;
  let longLiner: string;

  async function logs(container: string, args: Record<string, unknown>): Promise<Record<string, any>> {
    const reply = createReplyBudget();
    const data = await callToolData(tool, { container_id: container, ...args }, { reply });
    expect(data['reply_truncated']).toBeUndefined();
    expect(replyWireBytes({ success: true, ...data })).toBeLessThanOrEqual(reply.limit - REPLY_HEADROOM_BYTES);
    return data;
  }

  beforeAll(async () => {
    await requireDocker();
    // 5,000 binary lines on stdout and a last readable one.
    printer = await scope.createContainer({ command: ['sh', '-c', `i=0; while [ $i -lt 5000 ]; do printf '${BINARY_LINE}%d\\n' $i; i=$((i+1)); done; echo done`] });
    // One 300 KB line of 0x01 ending in END: the engine stores it as 16 KiB pieces, which the tool joins again.
    longLiner = await scope.createContainer({ command: ['sh', '-c', `head -c 300000 /dev/zero | tr '\\000' '\\001'; echo END`] });
    await dockerCli(['wait', printer, longLiner]);
  }, 60_000);
  afterAll(() => scope.cleanup());

  it('shows the newest lines as text within the default reply budget, with what was replaced counted', async () => {
    const data = await logs(printer, { tail: 10_000 });
    expect(data).toMatchObject({ truncated: true });
    expect(data['lines'].at(-1)).toEqual({ stream: 'stdout', text: 'done' });
    expect(data['replaced']).toBeGreaterThan(100);
    const shown = data['lines'].slice(0, -1);
    expect(shown.length).toBeGreaterThan(50);
    expect(shown.at(-1).text).toBe('\uFFFD\uFFFDred\uFFFD\uFFFD \uFFFD n4999');
  });

  it('keeps the end of a line longer than the budget', async () => {
    const data = await logs(longLiner, { tail: 100 });
    expect(data['truncated']).toBe(true);
    expect(data['lines']).toHaveLength(1);
    expect(data['lines'][0].text).toMatch(/^\uFFFD{5000,}END$/);
  });
});
