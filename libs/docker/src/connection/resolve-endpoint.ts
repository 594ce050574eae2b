import { access, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { OrcaError, type DockerEndpoint } from '@orcaops/plugin-api';
import { readActiveContextHost } from './docker-context.js';

/** Where to look for the engine. */
export interface EndpointSettings {
  /** Address from the configuration file (`docker.host`). */
  readonly configuredHost?: string;
  /** Process environment (`DOCKER_HOST`, `DOCKER_CONTEXT`, `XDG_RUNTIME_DIR`, ...). */
  readonly env: NodeJS.ProcessEnv;
  /** Home directory; injectable for tests. */
  readonly homeDir?: string;
  /** Socket paths to probe instead of the usual ones; for tests. */
  readonly socketCandidates?: readonly string[];
}

/** The sockets Docker and Podman use by default, in the order a user most likely means. */
export function defaultSocketCandidates(env: NodeJS.ProcessEnv, homeDir: string): string[] {
  const runtimeDir = env['XDG_RUNTIME_DIR'];
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  return [
    '/var/run/docker.sock',
    ...(runtimeDir ? [join(runtimeDir, 'docker.sock')] : []),
    ...(uid !== undefined ? [`/run/user/${uid}/docker.sock`] : []),
    join(homeDir, '.docker', 'run', 'docker.sock'),
    join(homeDir, '.docker', 'desktop', 'docker.sock'),
    join(homeDir, '.colima', 'default', 'docker.sock'),
    ...(runtimeDir ? [join(runtimeDir, 'podman', 'podman.sock')] : []),
    '/run/podman/podman.sock',
  ].filter((candidate, index, all) => all.indexOf(candidate) === index);
}

/**
 * Picks the engine address: `DOCKER_HOST`, then the configuration file, then the active Docker context, then
 * the first usual socket that exists. An explicit address is used as given (no silent fallback to another
 * engine); only the socket probe moves on to the next candidate.
 *
 * @throws OrcaError `DOCKER_UNAVAILABLE` naming every place tried when no candidate exists.
 */
export async function resolveEndpoint(settings: EndpointSettings): Promise<DockerEndpoint> {
  const dockerHost = settings.env['DOCKER_HOST'];
  if (dockerHost) return { address: dockerHost, source: 'DOCKER_HOST' };
  if (settings.configuredHost) return { address: settings.configuredHost, source: 'config' };

  const homeDir = settings.homeDir ?? homedir();
  const contextHost = await readActiveContextHost(settings.env, homeDir);
  if (contextHost) return { address: contextHost, source: 'docker-context' };

  const candidates = settings.socketCandidates ?? defaultSocketCandidates(settings.env, homeDir);
  for (const socketPath of candidates) {
    if (await isSocket(socketPath)) return { address: `unix://${socketPath}`, source: 'socket-probe' };
  }
  throw new OrcaError('DOCKER_UNAVAILABLE', `No Docker engine found: DOCKER_HOST is not set, no Docker context is active, and none of these sockets exists: ${candidates.join(', ')}.`, {
    details: { tried: ['DOCKER_HOST', 'config docker.host', 'docker context', ...candidates] },
  });
}

async function isSocket(path: string): Promise<boolean> {
  try {
    await access(path);
    return (await stat(path)).isSocket();
  } catch {
    return false;
  }
}
