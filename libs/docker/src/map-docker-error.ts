import { OrcaError, isOrcaError, type DockerEndpoint } from '@orcaops/plugin-api';

/** Network errors that mean "no engine answers here" rather than "the engine said no". */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

interface EngineErrorShape {
  statusCode?: number;
  code?: string;
  reason?: string;
  json?: { message?: string } | null;
  message?: string;
  name?: string;
}

/** What the failing call was about, for messages. */
export interface ErrorContext {
  readonly endpoint: DockerEndpoint;
  /** e.g. `removing container 3f2a...` */
  readonly action: string;
  /** Set when the call targeted one container, so that a 404 becomes `CONTAINER_NOT_FOUND`. */
  readonly containerId?: string;
}

/** True when the error means the engine could not be reached at all. */
export function isUnreachable(error: unknown): boolean {
  if (isOrcaError(error)) return error.code === 'DOCKER_UNAVAILABLE';
  const code = (error as EngineErrorShape | null)?.code;
  return typeof code === 'string' && UNREACHABLE_CODES.has(code);
}

/** Maps a Docker client failure to the OrcaOps error a tool returns. Already-mapped errors pass through. */
export function mapDockerError(error: unknown, context: ErrorContext): OrcaError {
  if (isOrcaError(error)) return error;
  const e = (error ?? {}) as EngineErrorShape;
  const where = `${context.endpoint.address} (from ${context.endpoint.source})`;
  if (e.name === 'AbortError') return new OrcaError('CANCELLED', `Cancelled while ${context.action}.`, { cause: error });
  if (e.code === 'EACCES') {
    return new OrcaError('PERMISSION_DENIED', `Permission denied connecting to the Docker engine at ${where}.`, {
      suggestion: 'Add your user to the docker group (then log in again), use rootless Docker, or point DOCKER_HOST at a socket you can use.',
      cause: error,
    });
  }
  if (isUnreachable(error)) {
    return new OrcaError('DOCKER_UNAVAILABLE', `The Docker engine at ${where} does not answer (${e.code}) while ${context.action}.`, {
      details: { tried: [context.endpoint.address], source: context.endpoint.source },
      cause: error,
    });
  }
  const engineMessage = e.json?.message ?? e.reason ?? e.message ?? String(error);
  switch (e.statusCode) {
    case 404:
      return context.containerId
        ? new OrcaError('CONTAINER_NOT_FOUND', `No container "${context.containerId}" on the engine.`, { cause: error })
        : new OrcaError('NOT_FOUND', `Not found while ${context.action}: ${engineMessage}`, { cause: error });
    case 409:
      return new OrcaError('CONFLICT', `Conflict while ${context.action}: ${engineMessage}`, { cause: error });
    default:
      return new OrcaError('DOCKER_ERROR', `The Docker engine failed while ${context.action}: ${engineMessage}`, { cause: error });
  }
}
