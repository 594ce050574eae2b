import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';

/** The image tools/test-engine/up.sh builds; tests never pull from a registry. */
export const TEST_IMAGE = process.env['ORCAOPS_TEST_IMAGE'] ?? 'orcaops-test/busybox:latest';

/** The stand-in for the sandbox templates' services (tools/test-engine/service-image): HTTP on 80, 3000, 5432, 6379, 8888. */
export const TEST_SERVICE_IMAGE = process.env['ORCAOPS_TEST_SERVICE_IMAGE'] ?? 'orcaops-test/service:latest';

/** Label that marks everything a test run creates, so that it can remove exactly that and nothing else. */
export const TEST_RUN_LABEL = 'org.orcaops.test-run';

/**
 * Runs the Docker CLI. Tests set up their fixtures with the CLI rather than with OrcaOps's own Docker layer, so
 * that a bug in that layer cannot hide itself in the fixtures.
 */
export function dockerCli(args: readonly string[], timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('docker', [...args], { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`docker ${args.join(' ')} failed: ${stderr.trim() || error.message}`));
      else resolve(stdout.trim());
    });
  });
}

/** Fails with a clear message when no engine answers: real-engine tests are never silently skipped. */
export async function requireDocker(): Promise<void> {
  try {
    await dockerCli(['info', '--format', '{{.ServerVersion}}'], 15_000);
  } catch (error) {
    throw new Error(`These tests need a Docker engine. Run \`bash tools/test-engine/up.sh\` first.\n${(error as Error).message}`);
  }
}

/** A scope for one test file's Docker resources: a unique label, and cleanup of everything carrying it. */
export class DockerTestScope {
  readonly runId = randomUUID();
  readonly label = `${TEST_RUN_LABEL}=${this.runId}`;

  /**
   * Creates (and by default starts) a container labelled with this scope. Returns its id. `args` are more
   * `docker create` options, e.g. `['--health-cmd', 'true', '-p', '127.0.0.1::80', '-m', '64m']`.
   */
  async createContainer(options: { labels?: Record<string, string>; command?: string[]; start?: boolean; name?: string; args?: string[] } = {}): Promise<string> {
    const labelArgs = Object.entries({ [TEST_RUN_LABEL]: this.runId, ...options.labels }).flatMap(([key, value]) => ['--label', `${key}=${value}`]);
    const id = await dockerCli([
      'create',
      '--init',
      ...labelArgs,
      ...(options.name ? ['--name', options.name] : []),
      ...(options.args ?? []),
      TEST_IMAGE,
      ...(options.command ?? ['sh', '-c', 'sleep 300']),
    ]);
    if (options.start ?? true) await dockerCli(['start', id]);
    return id;
  }

  /** Ids of this scope's containers, running or not. */
  async containerIds(): Promise<string[]> {
    const out = await dockerCli(['ps', '-aq', '--no-trunc', '--filter', `label=${this.label}`]);
    return out ? out.split('\n') : [];
  }

  /** Ids of this scope's images (built or committed with this scope's label). */
  async imageIds(): Promise<string[]> {
    const out = await dockerCli(['images', '-q', '--no-trunc', '--filter', `label=${this.label}`]);
    return out ? [...new Set(out.split('\n'))] : [];
  }

  /** Removes every container, then every image, of this scope. Safe to call when there are none. */
  async cleanup(): Promise<void> {
    const ids = await this.containerIds();
    if (ids.length > 0) await dockerCli(['rm', '-f', '-v', ...ids]);
    // An image built FROM another of this scope's images is its child, and the engine refuses to remove a parent
    // while a child exists, even with -f; the order `docker images` lists them in is not child-first. So remove
    // them one at a time, round after round, until none is left or a round removes nothing (then say why).
    let images = await this.imageIds();
    while (images.length > 0) {
      const failures: string[] = [];
      for (const image of images) await dockerCli(['rmi', '-f', image]).catch((error: Error) => failures.push(error.message));
      const left = await this.imageIds();
      if (left.length === images.length) throw new Error(`could not remove the test images: ${failures.join('; ')}`);
      images = left;
    }
  }
}
