import { describe, expect, it } from '@jest/globals';
import { runComposeProcess } from './compose-process.js';

const options = { cwd: process.cwd(), env: process.env };

describe('runComposeProcess', () => {
  it('passes arguments as argv, splits lines of both streams (\\r too), and keeps stdout whole', async () => {
    const lines: string[] = [];
    const result = await runComposeProcess(['sh', '-c', 'printf "a\\rb\\n"; echo "$1" >&2; printf "\\033[32mgreen\\033[0m"; exit 3', 'sh', '$(touch /tmp/x); `id`'], {
      ...options,
      onLine: (line) => lines.push(line),
    });
    expect(result.exitCode).toBe(3);
    expect(lines.sort()).toEqual(['$(touch /tmp/x); `id`', 'a', 'b', 'green'].sort());
    expect(result.stdout).toBe('a\rb\n\u001b[32mgreen\u001b[0m');
    expect(result.outputTail.split('\n').sort()).toEqual(lines.sort());
  });

  it('keeps only the last 40 lines in the tail', async () => {
    const result = await runComposeProcess(['sh', '-c', 'for i in $(seq 1 100); do echo line$i >&2; done'], options);
    const tail = result.outputTail.split('\n');
    expect(tail).toHaveLength(40);
    expect(tail[0]).toBe('line61');
    expect(tail.at(-1)).toBe('line100');
  });

  it('stops the process and rejects with CANCELLED when the signal fires', async () => {
    const controller = new AbortController();
    const running = runComposeProcess(['sh', '-c', 'echo started; exec sleep 30'], { ...options, signal: controller.signal, onLine: () => controller.abort() });
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('reports a missing executable as DOCKER_COMPOSE_NOT_FOUND', async () => {
    await expect(runComposeProcess(['orcaops-no-such-compose', 'version'], options)).rejects.toMatchObject({ code: 'DOCKER_COMPOSE_NOT_FOUND' });
  });
});
