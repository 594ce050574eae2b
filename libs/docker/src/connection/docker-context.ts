import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The engine address of the active Docker CLI context (`DOCKER_CONTEXT`, else `currentContext` in
 * `~/.docker/config.json`), or null when the default context is active or nothing is configured. The CLI stores
 * each context's metadata under the SHA-256 of its name.
 */
export async function readActiveContextHost(env: NodeJS.ProcessEnv, homeDir: string): Promise<string | null> {
  const dockerConfigDir = env['DOCKER_CONFIG'] ?? join(homeDir, '.docker');
  const name = env['DOCKER_CONTEXT'] ?? (await readCurrentContextName(dockerConfigDir));
  if (!name || name === 'default') return null;
  const metaFile = join(dockerConfigDir, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'), 'meta.json');
  const meta = await readJson(metaFile);
  const host = (meta as { Endpoints?: { docker?: { Host?: unknown } } } | null)?.Endpoints?.docker?.Host;
  return typeof host === 'string' && host.length > 0 ? host : null;
}

async function readCurrentContextName(dockerConfigDir: string): Promise<string | null> {
  const config = await readJson(join(dockerConfigDir, 'config.json'));
  const name = (config as { currentContext?: unknown } | null)?.currentContext;
  return typeof name === 'string' ? name : null;
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return null;
  }
}
