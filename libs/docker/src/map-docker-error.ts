import { OrcaError, isOrcaError, type DockerEndpoint } from '@orcaops/plugin-api';
import { EngineDeadlineError } from './connection/deadlines.js';
import { PullEventError, classifyPullError } from './operations/pull-errors.js';

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

/** What the failing call was about, for messages and for telling one 404 from another. */
export interface ErrorContext {
  readonly endpoint: DockerEndpoint;
  /** e.g. `removing container 3f2a...` */
  readonly action: string;
  /** Set when the call targeted one container, so that a 404 becomes `CONTAINER_NOT_FOUND`. */
  readonly containerId?: string;
  /** Set when the call names an image, so that "No such image" becomes `IMAGE_NOT_FOUND`. */
  readonly image?: string;
  /** Set when the call names a path in the container, so that a missing path is `NOT_FOUND`, not a missing container. */
  readonly path?: string;
  /** Set when pulling this reference: engine failures are classified as `IMAGE_NOT_FOUND`/`IMAGE_PULL_FAILED`. */
  readonly pull?: string;
}

/** True when the error means the engine could not be reached at all. */
export function isUnreachable(error: unknown): boolean {
  if (isOrcaError(error)) return error.code === 'DOCKER_UNAVAILABLE';
  if (error instanceof EngineDeadlineError) return true;
  const code = (error as EngineErrorShape | null)?.code;
  return typeof code === 'string' && UNREACHABLE_CODES.has(code);
}

/**
 * The engine's own message. dockerode puts it in `json.message` for plain calls; for streaming calls (logs,
 * archives, pulls) `json` is null and the message only appears in `message`, after the status reason:
 * `(HTTP code 404) no such container - Could not find the file /x in container … `.
 */
export function engineMessageOf(error: unknown): string {
  const e = (error ?? {}) as EngineErrorShape;
  if (e.json?.message) return e.json.message;
  const text = e.message ?? String(error);
  const match = /^\(HTTP code \d+\) .*? - ([\s\S]*)$/.exec(text);
  return (match ? match[1]! : text).trim() || e.reason || text;
}

/** Maps a Docker client failure to the OrcaOps error a tool returns. Already-mapped errors pass through. */
export function mapDockerError(error: unknown, context: ErrorContext): OrcaError {
  if (isOrcaError(error)) return error;
  const e = (error ?? {}) as EngineErrorShape;
  const where = `${context.endpoint.address} (from ${context.endpoint.source})`;
  if (error instanceof EngineDeadlineError) return engineDeadline(error, context, where);
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
  const engineMessage = engineMessageOf(error);
  if (context.pull !== undefined && (e.statusCode !== undefined || error instanceof PullEventError)) {
    return classifyPullError(context.pull, engineMessage, error);
  }
  switch (e.statusCode) {
    case 404:
      return notFound(error, engineMessage, context);
    case 409:
      return conflict(error, engineMessage, context);
    default:
      return new OrcaError('DOCKER_ERROR', `The Docker engine failed while ${context.action}: ${engineMessage}`, { cause: error });
  }
}

/** Same code as an engine that is not there: to the caller both mean "no usable engine right now". */
function engineDeadline(error: EngineDeadlineError, context: ErrorContext, where: string): OrcaError {
  const seconds = error.timeoutMs / 1000;
  return new OrcaError('DOCKER_UNAVAILABLE', `The Docker engine at ${where} accepted the connection but did not answer within ${seconds} s while ${context.action}.`, {
    suggestion:
      'Check that dockerd is running and responsive (`docker info`; a stopped, frozen or overloaded dockerd accepts connections without answering: ' +
      `\`systemctl status docker\`, its log), then call orcaops_system_info. If the engine is just slow, raise docker.timeouts.${error.setting} in orcaops.config.json.`,
    details: { tried: [context.endpoint.address], source: context.endpoint.source, request: error.request, timeoutMs: error.timeoutMs, setting: `docker.timeouts.${error.setting}` },
    cause: error,
  });
}

/** A call that needs a running container (exec, attach) says so, rather than echoing the engine's generic 409. */
function conflict(error: unknown, engineMessage: string, context: ErrorContext): OrcaError {
  const state = /is (not running|paused|restarting)/i.exec(engineMessage)?.[1]?.toLowerCase();
  if (context.containerId !== undefined && state !== undefined) {
    const why = state === 'not running' ? '' : ` (it is ${state})`;
    return new OrcaError('CONFLICT', `Container ${context.containerId} is not running${why}, so ${context.action} is not possible.`, {
      suggestion: `Start${state === 'paused' ? ' or unpause' : ''} the container first; orcaops_inspect_container shows its state.`,
      details: { containerId: context.containerId, engineMessage },
      cause: error,
    });
  }
  return new OrcaError('CONFLICT', `Conflict while ${context.action}: ${engineMessage}`, { cause: error });
}

function notFound(error: unknown, engineMessage: string, context: ErrorContext): OrcaError {
  if (context.image !== undefined && /no such image/i.test(engineMessage)) {
    return new OrcaError('IMAGE_NOT_FOUND', `Image ${context.image} is not present on the engine.`, {
      suggestion: `Pull it first (e.g. \`docker pull ${context.image}\`) or build it, and check the name and tag.`,
      cause: error,
    });
  }
  // Archive calls answer 404 both for a missing container and for a missing path: the engine's message tells.
  if (context.containerId !== undefined && context.path !== undefined && !/no such container/i.test(engineMessage)) {
    return new OrcaError('NOT_FOUND', `No path ${context.path} in container ${context.containerId}.`, {
      suggestion: 'Check the path (absolute, inside the container) and that the command created it.',
      details: { path: context.path, containerId: context.containerId },
      cause: error,
    });
  }
  if (context.containerId !== undefined) {
    return new OrcaError('CONTAINER_NOT_FOUND', `No container "${context.containerId}" on the engine.`, { cause: error });
  }
  return new OrcaError('NOT_FOUND', `Not found while ${context.action}: ${engineMessage}`, { cause: error });
}
