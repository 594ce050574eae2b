import { isOrcaError, type DockerEndpoint, type EngineInfo } from '@orcaops/plugin-api';
import { nameSome, ok, problem, warn, type Finding } from './finding.js';
import type { EngineOutcome } from './doctor-inputs.js';

const SOURCES: Record<DockerEndpoint['source'], string> = {
  DOCKER_HOST: 'from DOCKER_HOST',
  config: 'from docker.host in the configuration file',
  'docker-context': 'from the active Docker context',
  'socket-probe': 'found by probing the usual sockets',
};

/** `docker.engine`: which endpoint answered, with the engine and API version; or every address tried and the likely fix. */
export function engineFinding(engine: EngineOutcome): Finding {
  if (engine.ok) {
    const { info } = engine;
    return ok(
      'docker.engine',
      'Docker engine answers',
      `${info.platformName ?? 'Docker'} ${info.serverVersion} (API ${info.apiVersion}, ${info.osType}/${info.architecture}) at ` +
        `${info.endpoint.address}, ${SOURCES[info.endpoint.source] ?? `from ${info.endpoint.source}`}.`,
    );
  }
  const error = engine.error;
  const message = error instanceof Error ? error.message : String(error);
  const details = isOrcaError(error) ? error.details : undefined;
  const tried = Array.isArray(details?.['tried']) ? (details['tried'] as unknown[]).map(String) : [];
  const triedText = tried.length > 0 ? ` Tried: ${nameSome(tried, 12)}.` : '';
  return problem('docker.engine', 'No Docker engine answers', `${message}${triedText}`, engineFix(error, message));
}

/** The fix for the likeliest cause, read from the error the Docker layer gave. */
function engineFix(error: unknown, message: string): string {
  const code = isOrcaError(error) ? error.code : undefined;
  if (code === 'PERMISSION_DENIED') {
    return 'Your user may not use the engine\'s socket: add it to the docker group (`sudo usermod -aG docker $USER`, then log in again), use rootless Docker, or point DOCKER_HOST at a socket you can use.';
  }
  if (/No Docker engine found/.test(message)) {
    return 'Start Docker (Docker Desktop; Colima: `colima start`; Linux: `sudo systemctl start docker`, or `npm run test-engine` in a clone of OrcaOps), or set DOCKER_HOST (or docker.host in orcaops.config.json) to the engine\'s address.';
  }
  if (/\((ENOENT)\)/.test(message)) {
    return 'The socket file does not exist: start the engine that creates it, or point DOCKER_HOST / docker.host at the right address (`docker context ls` shows the ones the docker CLI uses).';
  }
  if (/\((ECONNREFUSED)\)/.test(message)) {
    return 'Nothing listens at that address: start the engine there (`sudo systemctl start docker`, `colima start`, Docker Desktop), or point DOCKER_HOST / docker.host at the engine you use.';
  }
  if (isOrcaError(error)) return error.suggestion;
  return 'Check that the Docker engine runs (`docker info`), then run orcaops doctor again.';
}

/** `docker.runtime`: what kind of engine this is, and what that means for OrcaOps. Only when it answered. */
export function runtimeFinding(engine: EngineOutcome): Finding | null {
  if (!engine.ok) return null;
  const { info } = engine;
  const id = 'docker.runtime';
  if (info.osType === 'windows') {
    return problem(
      id,
      'The engine runs Windows containers',
      `${info.os} runs Windows containers; OrcaOps jobs and sandboxes run Linux images with a POSIX shell.`,
      'Switch Docker Desktop to Linux containers (its tray menu: "Switch to Linux containers…").',
    );
  }
  if (isPodman(info)) {
    return warn(
      id,
      'Podman (Docker-compatible API)',
      `The engine at ${info.endpoint.address} is Podman ${info.serverVersion}. OrcaOps speaks the Docker API and is tested against Docker Engine; Podman's compatibility layer differs in places (events, some inspect fields, compose).`,
      'If a tool misbehaves, use Docker Engine, or a recent Podman (4.x or later) with `podman system service` and podman-compose or docker compose pointed at it.',
    );
  }
  const hints = [
    isRootless(info) ? 'rootless Docker: containers run without root on the host, so ports below 1024 and host networking need extra setup' : null,
    isDockerDesktop(info) ? 'Docker Desktop: the engine runs in a VM whose CPU and memory settings limit jobs; job inputs are copied in, so no file sharing needs setting up' : null,
    info.endpoint.address.includes('.colima') ? 'Colima: the engine runs in a VM (`colima start --cpu/--memory` sizes it); inputs are copied in, so no mounts need setting up' : null,
  ].filter((hint): hint is string => hint !== null);
  const kind = hints.length > 0 ? hints.join('; ') : `Docker Engine on ${info.os}`;
  return ok(id, 'Engine kind', `${kind}. ${info.cpus} CPUs, ${Math.round(info.memoryBytes / 2 ** 20)} MiB memory, storage driver ${info.storageDriver}.`);
}

const isRootless = (info: EngineInfo) => (info.securityOptions ?? []).some((option) => /(^|,)name=rootless(,|$)/.test(option)) || /\/run\/user\/\d+\/docker\.sock$/.test(info.endpoint.address);
const isDockerDesktop = (info: EngineInfo) => /docker desktop/i.test(info.os) || /docker desktop/i.test(info.platformName ?? '');
const isPodman = (info: EngineInfo) => /podman/i.test(info.platformName ?? '') || (info.components ?? []).some((name) => /podman/i.test(name)) || /podman\.sock$/.test(info.endpoint.address);
