import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { openSync, closeSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { dockerCli } from './docker-cli.js';
import { makeTempDir } from './temp-dir.js';

/** The Debian `docker-registry` package's binary (tools/test-engine/up.sh installs it). */
export const REGISTRY_BINARY = process.env['ORCAOPS_TEST_REGISTRY'] ?? '/usr/bin/docker-registry';

/**
 * A throwaway Docker registry on 127.0.0.1 (the engine allows plain HTTP to loopback registries), with its
 * storage in a temp dir. `push` tags and pushes a local image with the Docker CLI and remembers the tag;
 * `stop` stops the registry, removes every tag it pushed and the storage. Tests never reach the internet.
 */
export class LocalRegistry {
  private readonly tags = new Set<string>();
  private spawnError: Error | null = null;

  private constructor(
    /** `127.0.0.1:PORT`, the prefix of image references on this registry. */
    readonly address: string,
    private readonly child: ChildProcess,
    private readonly dir: { path: string; remove: () => Promise<void> },
  ) {}

  /** Starts a registry on a free port and waits until it answers. */
  static async start(): Promise<LocalRegistry> {
    const port = await freePort();
    const dir = await makeTempDir('orcaops-registry-');
    const config = join(dir.path, 'config.yml');
    const log = join(dir.path, 'registry.log');
    writeFileSync(
      config,
      ['version: 0.1', 'log:', '  level: warn', 'storage:', '  filesystem:', `    rootdirectory: ${join(dir.path, 'data')}`, 'http:', `  addr: 127.0.0.1:${port}`, ''].join('\n'),
    );
    const logFd = openSync(log, 'a');
    const child = spawn(REGISTRY_BINARY, ['serve', config], { stdio: ['ignore', logFd, logFd] });
    closeSync(logFd);
    const registry = new LocalRegistry(`127.0.0.1:${port}`, child, dir);
    child.on('error', (error) => {
      registry.spawnError = error;
    });
    try {
      await registry.waitReady(log);
    } catch (error) {
      await registry.stop();
      throw error;
    }
    return registry;
  }

  /** Tags `image` as `<address>/<repoTag>` and pushes it. Returns the full reference. */
  async push(image: string, repoTag: string): Promise<string> {
    const ref = `${this.address}/${repoTag}`;
    await dockerCli(['tag', image, ref]);
    this.tags.add(ref);
    await dockerCli(['push', ref], 120_000);
    return ref;
  }

  /** Remembers a tag to remove in {@link stop} (e.g. one a test pulled). */
  track(ref: string): void {
    this.tags.add(ref);
  }

  /** Stops the registry and removes its tags and storage. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.spawnError === null && this.child.exitCode === null && this.child.signalCode === null) {
      const exited = once(this.child, 'exit');
      this.child.kill('SIGTERM');
      await exited;
    }
    for (const ref of this.tags) await dockerCli(['rmi', ref]).catch(() => undefined);
    this.tags.clear();
    await this.dir.remove();
  }

  private async waitReady(log: string): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null || this.spawnError !== null) break;
      try {
        const response = await fetch(`http://${this.address}/v2/`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const why = this.spawnError ? String(this.spawnError) : readFileSync(log, 'utf8').slice(-2000);
    throw new Error(`The test registry (${REGISTRY_BINARY}, from the docker-registry package) did not answer on ${this.address}:\n${why}`);
  }
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return address.port;
}
