import { OrcaError } from '@orcaops/plugin-api';

/** An `error`/`errorDetail` event in a pull's progress stream (the HTTP status was already 200). */
export class PullEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PullEventError';
  }
}

/** Messages that mean the repository or tag does not exist (or is hidden from us, which looks the same). */
const NOT_FOUND = /manifest unknown|not found|repository does not exist|pull access denied|name unknown|no such image/i;
/** Messages that mean the engine could not reach the registry. */
const UNREACHABLE =
  /dial tcp|connection refused|no such host|i\/o timeout|network is unreachable|no route to host|tls handshake timeout|server misbehaving|connection reset|context deadline exceeded|client\.timeout/i;

/** The registry a reference points at: its first component when that is a host, else Docker Hub. */
export function registryOf(ref: string): string {
  const slash = ref.indexOf('/');
  if (slash < 0) return 'docker.io';
  const first = ref.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first : 'docker.io';
}

/** Classifies a failed pull from the engine's message: `IMAGE_NOT_FOUND` or `IMAGE_PULL_FAILED`. */
export function classifyPullError(ref: string, engineMessage: string, cause?: unknown): OrcaError {
  const registry = registryOf(ref);
  const details = { image: ref, registry };
  if (UNREACHABLE.test(engineMessage)) {
    return new OrcaError('IMAGE_PULL_FAILED', `Could not reach registry ${registry} to pull ${ref}: ${engineMessage}`, {
      suggestion: `Check that the Docker engine can reach ${registry} (network, proxy, DNS, registry running), then retry; or build the image locally.`,
      details,
      cause,
    });
  }
  if (NOT_FOUND.test(engineMessage)) {
    return new OrcaError('IMAGE_NOT_FOUND', `Image ${ref} was not found on ${registry}: ${engineMessage}`, {
      suggestion: `Check the image name and tag (a private repository also needs \`docker login ${registry}\`), or build the image locally.`,
      details,
      cause,
    });
  }
  return new OrcaError('IMAGE_PULL_FAILED', `Pulling ${ref} from ${registry} failed: ${engineMessage}`, { details, cause });
}
