import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { type ComposeCliInfo, type ComposeService } from '@orcaops/plugin-api';
import { writeFileAtomic } from '@orcaops/contracts';

type Runner = (file: string, args: readonly string[]) => Promise<string>;

const runCommand: Runner = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(file, [...args], { timeout: 10_000, env: process.env }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });

export interface ComposeLocatorOptions {
  /**
   * Where to remember the answer between processes. Probing costs a `docker-compose version` run, ~0.65 s of
   * Python start-up with v1, which made the first `orcaops_system_info` of every process slow.
   */
  readonly cacheFile?: string;
  /** `PATH`, `DOCKER_CONFIG` and `HOME` decide which CLI runs; default the process environment. */
  readonly env?: NodeJS.ProcessEnv;
}

/** Where the Docker CLI looks for its compose plugin, besides `$DOCKER_CONFIG/cli-plugins`. */
const SYSTEM_PLUGIN_DIRS = ['/usr/local/lib/docker/cli-plugins', '/usr/local/libexec/docker/cli-plugins', '/usr/lib/docker/cli-plugins', '/usr/libexec/docker/cli-plugins'];

/**
 * Finds the compose CLI: the `docker compose` v2 plugin when present, else the standalone `docker-compose` v1.
 * Arguments are passed as argv, never through a shell.
 *
 * With a cache file, the answer is kept on disk under a fingerprint of what decides it: `PATH`, and the path,
 * size and modification time of `docker`, `docker-compose` and the compose plugin wherever the Docker CLI looks
 * for it. Installing, upgrading or removing any of them, or another `PATH`, changes the fingerprint and the CLI is
 * probed again; otherwise a process only pays a few `stat` calls.
 */
export class ComposeLocator implements Pick<ComposeService, 'detect'> {
  private found: Promise<ComposeCliInfo | null> | null = null;

  constructor(
    private readonly run: Runner = runCommand,
    private readonly options: ComposeLocatorOptions = {},
  ) {}

  detect(): Promise<ComposeCliInfo | null> {
    this.found ??= this.options.cacheFile ? this.cached(this.options.cacheFile) : this.probe();
    return this.found;
  }

  private async cached(file: string): Promise<ComposeCliInfo | null> {
    const key = await fingerprint(this.options.env ?? process.env);
    try {
      const saved = JSON.parse(await readFile(file, 'utf8')) as { key?: unknown; cli?: ComposeCliInfo | null };
      if (saved.key === key && saved.cli !== undefined) return saved.cli;
    } catch {
      // Missing or unreadable: probe and write it afresh.
    }
    const cli = await this.probe();
    // A cache that cannot be written only costs the next process a probe.
    await writeFileAtomic(file, JSON.stringify({ key, cli }) + '\n').catch(() => undefined);
    return cli;
  }

  private async probe(): Promise<ComposeCliInfo | null> {
    const v2 = await this.version('docker', ['compose', 'version', '--short']);
    if (v2) return { flavor: 'v2', command: ['docker', 'compose'], version: v2 };
    const v1 = await this.version('docker-compose', ['version', '--short']);
    if (v1) return { flavor: 'v1', command: ['docker-compose'], version: v1 };
    return null;
  }

  private async version(file: string, args: string[]): Promise<string | null> {
    try {
      const out = (await this.run(file, args)).trim();
      return out.length > 0 ? out.split('\n')[0]!.trim() : null;
    } catch {
      return null;
    }
  }
}

/** A hash of everything that decides which compose CLI a probe finds (see {@link ComposeLocator}). */
export async function fingerprint(env: NodeJS.ProcessEnv): Promise<string> {
  const dirs = (env['PATH'] ?? '').split(delimiter).filter(Boolean);
  const dockerConfig = env['DOCKER_CONFIG'] ?? join(env['HOME'] ?? homedir(), '.docker');
  const candidates = [
    ...dirs.flatMap((dir) => [join(dir, 'docker'), join(dir, 'docker-compose')]),
    ...[join(dockerConfig, 'cli-plugins'), ...SYSTEM_PLUGIN_DIRS].map((dir) => join(dir, 'docker-compose')),
  ];
  const facts = await Promise.all(
    candidates.map((path) =>
      stat(path).then(
        (stats) => `${path}:${stats.size}:${stats.mtimeMs}`,
        () => null,
      ),
    ),
  );
  return createHash('sha256').update(JSON.stringify({ path: env['PATH'] ?? '', dockerConfig, found: facts.filter(Boolean) })).digest('hex');
}
