import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OrcaError } from '@orcaops/plugin-api';

/** The subset of dockerode's constructor options OrcaOps sets. */
export interface ClientOptions {
  socketPath?: string;
  host?: string;
  port?: number | string;
  protocol?: 'http' | 'https' | 'ssh';
  username?: string;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  sshOptions?: { agent?: string };
}

/**
 * Turns an engine address into client options. TLS follows the Docker CLI's conventions: `DOCKER_TLS_VERIFY`
 * or port 2376 means https, with certificates from `DOCKER_CERT_PATH` (default `~/.docker`).
 */
export function clientOptionsFor(address: string, env: NodeJS.ProcessEnv, homeDir: string): ClientOptions {
  if (address.startsWith('unix://')) return { socketPath: address.slice('unix://'.length) };
  if (address.startsWith('npipe://')) return { socketPath: address.slice('npipe://'.length).replace(/\//g, '\\') };
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw invalidAddress(address);
  }
  if (url.protocol === 'ssh:') {
    return {
      protocol: 'ssh',
      host: url.hostname,
      port: url.port || 22,
      ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
      ...(env['SSH_AUTH_SOCK'] ? { sshOptions: { agent: env['SSH_AUTH_SOCK'] } } : {}),
    };
  }
  if (url.protocol !== 'tcp:' && url.protocol !== 'http:' && url.protocol !== 'https:') throw invalidAddress(address);
  const port = url.port || (url.protocol === 'https:' ? '2376' : '2375');
  const tls = url.protocol === 'https:' || env['DOCKER_TLS_VERIFY'] === '1' || port === '2376';
  if (!tls) return { protocol: 'http', host: url.hostname, port };
  const certDir = env['DOCKER_CERT_PATH'] ?? join(homeDir, '.docker');
  try {
    return {
      protocol: 'https',
      host: url.hostname,
      port,
      ca: readFileSync(join(certDir, 'ca.pem')),
      cert: readFileSync(join(certDir, 'cert.pem')),
      key: readFileSync(join(certDir, 'key.pem')),
    };
  } catch (cause) {
    throw new OrcaError('DOCKER_UNAVAILABLE', `TLS is required for ${address} but the certificates in ${certDir} could not be read.`, {
      suggestion: 'Set DOCKER_CERT_PATH to the directory holding ca.pem, cert.pem and key.pem, or unset DOCKER_TLS_VERIFY for a plain connection.',
      cause,
    });
  }
}

function invalidAddress(address: string): OrcaError {
  return new OrcaError('CONFIG_INVALID', `Docker address "${address}" is not understood.`, {
    suggestion: 'Use unix:///path/to/docker.sock, tcp://host:port or ssh://user@host in DOCKER_HOST or docker.host.',
  });
}
