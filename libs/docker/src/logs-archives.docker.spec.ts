import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { LABELS, OrcaError, type ContainerCreateSpec } from '@orcaops/plugin-api';
import { DockerTestScope, TEST_IMAGE, TEST_RUN_LABEL, requireDocker, silentLogger } from '@orcaops/testing';
import * as tar from 'tar-stream';
import { DockerodeService } from './dockerode-service.js';

/** Reads a tar stream into `{ name: content }` (regular files only). */
async function untar(stream: NodeJS.ReadableStream): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const extract = tar.extract();
  const done = (async () => {
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      if (entry.header.type === 'file') files[entry.header.name] = Buffer.concat(chunks).toString();
    }
  })();
  stream.pipe(extract as unknown as NodeJS.WritableStream);
  await done;
  return files;
}

/** A tar of the given files (and their directories). */
function packTar(files: Record<string, string>): tar.Pack {
  const pack = tar.pack();
  for (const [name, content] of Object.entries(files)) pack.entry({ name, mode: 0o644 }, content);
  pack.finalize();
  return pack;
}

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('DockerodeService logs and archives against the real engine', () => {
  const scope = new DockerTestScope();
  const docker = new DockerodeService({ env: process.env }, silentLogger);
  const labels = { [TEST_RUN_LABEL]: scope.runId, [LABELS.managed]: 'true' };
  const spec = (command: string[]): ContainerCreateSpec => ({ image: TEST_IMAGE, command, labels, init: true, network: 'none' });
  const run = async (command: string[]): Promise<string> => {
    const id = await docker.createContainer(spec(command));
    await docker.startContainer(id);
    return id;
  };

  beforeAll(requireDocker);
  afterAll(() => scope.cleanup());

  it('keeps stdout and stderr apart, following until the container exits and reading afterwards', async () => {
    const id = await run(['sh', '-c', 'echo out1; echo err1 >&2; sleep 0.3; echo out2; echo err2 >&2']);
    const followed = { stdout: '', stderr: '' };
    await docker.streamLogs(id, { onStdout: (c) => (followed.stdout += c), onStderr: (c) => (followed.stderr += c) }, { follow: true });
    expect(followed).toEqual({ stdout: 'out1\nout2\n', stderr: 'err1\nerr2\n' });
    expect((await docker.inspectContainer(id)).running).toBe(false);

    const after = { stdout: '', stderr: '' };
    await docker.streamLogs(id, { onStdout: (c) => (after.stdout += c), onStderr: (c) => (after.stderr += c) });
    expect(after).toEqual(followed);
    const future = { stdout: '', stderr: '' };
    await docker.streamLogs(id, { onStdout: (c) => (future.stdout += c), onStderr: (c) => (future.stderr += c) }, { since: Math.floor(Date.now() / 1000) + 3600 });
    expect(future).toEqual({ stdout: '', stderr: '' });
  });

  it('reads only the last lines with tail, and prefixes each line with its time with timestamps', async () => {
    // The pause keeps the two streams' lines in a known order in the engine's log (each stream is read on its own).
    const id = await run(['sh', '-c', 'seq 1 10; sleep 0.2; echo err >&2']);
    expect(await docker.waitContainer(id)).toBe(0);
    const read = async (options: { tail?: number; timestamps?: boolean }) => {
      const output = { stdout: '', stderr: '' };
      await docker.streamLogs(id, { onStdout: (c) => (output.stdout += c), onStderr: (c) => (output.stderr += c) }, options);
      return output;
    };
    // The engine counts lines of both streams together; the last stdout lines come before the stderr line.
    expect((await read({ tail: 4 })).stdout).toBe('8\n9\n10\n');
    expect(await read({ tail: 0 })).toEqual({ stdout: '', stderr: '' });
    const stamped = await read({ timestamps: true });
    const lines = stamped.stdout.split('\n').slice(0, -1);
    expect(lines).toHaveLength(10);
    lines.forEach((line, index) => expect(line).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z ${index + 1}$`)));
    expect(stamped.stderr).toMatch(/^\S+Z err\n$/);
    const both = await read({ tail: 2, timestamps: true });
    expect(both.stdout.replace(/^\S+ /gm, '') + both.stderr.replace(/^\S+ /gm, '')).toBe('10\nerr\n');
  });

  it('rejects a follow with CANCELLED when the signal fires (the container runs on, so only the abort ends it)', async () => {
    const id = await run(['sh', '-c', 'while true; do echo tick; sleep 0.1; done']);
    const controller = new AbortController();
    let ticks = 0;
    const following = docker.streamLogs(id, { onStdout: () => (ticks += 1), onStderr: () => {} }, { follow: true, signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 400));
    controller.abort();
    await expect(following).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(ticks).toBeGreaterThan(0);
    await docker.killContainer(id);
  });

  // 200,000 lines of 100 bytes. The engine's json-file log driver costs ~10 µs per line on its side (`docker logs`
  // of 20 MB in 11-byte lines takes ~20 s by itself), so longer lines keep this test at a few seconds.
  it('streams 20 MB of output with the exact byte count, without keeping it', async () => {
    const id = await run(['sh', '-c', "yes $(head -c 99 /dev/zero | tr '\\0' a) | head -c 20000000; echo done >&2"]);
    let stdoutBytes = 0;
    let stderr = '';
    let chunks = 0;
    await docker.streamLogs(id, { onStdout: (c) => ((stdoutBytes += c.length), (chunks += 1)), onStderr: (c) => (stderr += c) }, { follow: true });
    expect(stdoutBytes).toBe(20_000_000);
    expect(stderr).toBe('done\n');
    expect(chunks).toBeGreaterThan(1000);
    expect(await docker.waitContainer(id)).toBe(0);
    // Read again without follow: also streamed, never buffered whole.
    let again = 0;
    await docker.streamLogs(id, { onStdout: (c) => (again += c.length), onStderr: () => {} });
    expect(again).toBe(20_000_000);
  });

  it('puts a tar (as a stream or a Buffer) into a container, where the command reads it', async () => {
    const id = await docker.createContainer(spec(['sh', '-c', 'cat /tmp/in/hello.txt /tmp/in/sub/deep.txt /tmp/buffer.txt']));
    await docker.putArchive(id, '/tmp', packTar({ 'in/hello.txt': 'hello from the host\n', 'in/sub/deep.txt': 'deep\n' }));
    await docker.putArchive(id, '/tmp', await collect(packTar({ 'buffer.txt': 'from a buffer\n' })));
    await docker.startContainer(id);
    expect(await docker.waitContainer(id)).toBe(0);
    let stdout = '';
    await docker.streamLogs(id, { onStdout: (c) => (stdout += c), onStderr: (c) => (stdout += `ERR ${c}`) });
    expect(stdout).toBe('hello from the host\ndeep\nfrom a buffer\n');
  });

  it('ends an upload whose tar stream fails with that error, instead of waiting for the rest of the body', async () => {
    const id = await docker.createContainer(spec(['true']));
    const whole = await collect(packTar({ 'big.txt': 'x'.repeat(64 * 1024) }));
    const broken = new PassThrough();
    broken.write(whole.subarray(0, 4096));
    setImmediate(() => broken.destroy(new OrcaError('VALIDATION_ERROR', 'an input changed while it was copied')));
    await expect(docker.putArchive(id, '/tmp', broken)).rejects.toMatchObject({ code: 'VALIDATION_ERROR', message: 'an input changed while it was copied' });
  });

  it('gets a tar of a file or a directory, and NOT_FOUND (not CONTAINER_NOT_FOUND) for a missing path', async () => {
    const id = await run(['sh', '-c', 'mkdir -p /out/sub && echo result > /out/result.txt && echo nested > /out/sub/n.txt']);
    expect(await docker.waitContainer(id)).toBe(0);
    expect(await untar(await docker.getArchive(id, '/out/result.txt'))).toEqual({ 'result.txt': 'result\n' });
    expect(await untar(await docker.getArchive(id, '/out'))).toEqual({ 'out/result.txt': 'result\n', 'out/sub/n.txt': 'nested\n' });
    await expect(docker.getArchive(id, '/out/missing.txt')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('/out/missing.txt') });
    await expect(docker.putArchive(id, '/no/such/dir', packTar({ 'a.txt': 'a' }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('attaches before start and receives all output of both streams, then ends when the container exits', async () => {
    const id = await docker.createContainer(spec(['sh', '-c', 'echo first; echo oops >&2; seq 1 20000 | tail -n 1']));
    let stdout = '';
    let stderr = '';
    const attached = await docker.attachOutput(id, { onStdout: (chunk) => (stdout += chunk), onStderr: (chunk) => (stderr += chunk) });
    await docker.startContainer(id);
    await attached.done;
    expect(stdout).toBe('first\n20000\n');
    expect(stderr).toBe('oops\n');
    expect(await docker.waitContainer(id)).toBe(0);
  });

  it('refuses to attach to an unknown container', async () => {
    await expect(docker.attachOutput('orcaops-no-such-container', { onStdout: () => undefined, onStderr: () => undefined })).rejects.toMatchObject({ code: 'CONTAINER_NOT_FOUND' });
  });
});
