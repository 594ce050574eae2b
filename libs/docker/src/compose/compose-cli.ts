import type { ComposeCliInfo, ComposeRunRequest, ComposeRunResult, ComposeService, DockerEndpoint } from '@orcaops/plugin-api';
import { OrcaError } from '@orcaops/plugin-api';
import { ComposeLocator } from './compose-locator.js';
import { runComposeProcess } from './compose-process.js';

export interface ComposeCliOptions {
  /** Finds the CLI; default {@link ComposeLocator}. */
  readonly detect?: () => Promise<ComposeCliInfo | null>;
  /** The engine OrcaOps talks to, so that compose talks to the same one. */
  readonly endpoint?: () => Promise<DockerEndpoint>;
  readonly env?: NodeJS.ProcessEnv;
  /** Where the default locator remembers which CLI it found, across processes (see {@link ComposeLocator}). */
  readonly cacheFile?: string;
}

/**
 * {@link ComposeService} over the real compose CLI (`docker compose` v2, else `docker-compose` v1). Both flavours
 * take the same global flags used here (`-p`, `-f`, `--project-directory`).
 */
export class ComposeCli implements ComposeService {
  private readonly detectCli: () => Promise<ComposeCliInfo | null>;

  constructor(private readonly options: ComposeCliOptions = {}) {
    const locator = new ComposeLocator(undefined, { ...(options.cacheFile ? { cacheFile: options.cacheFile } : {}), ...(options.env ? { env: options.env } : {}) });
    this.detectCli = options.detect ?? (() => locator.detect());
  }

  detect(): Promise<ComposeCliInfo | null> {
    return this.detectCli();
  }

  async run(request: ComposeRunRequest): Promise<ComposeRunResult> {
    const cli = await this.detect();
    if (!cli) throw new OrcaError('DOCKER_COMPOSE_NOT_FOUND', 'Neither `docker compose` nor `docker-compose` is installed.');
    const argv = [
      ...cli.command,
      '--project-name',
      request.project,
      '--project-directory',
      request.directory,
      ...request.files.flatMap((file) => ['--file', file]),
      ...request.args,
    ];
    return runComposeProcess(argv, { cwd: request.directory, env: await this.environment(), signal: request.signal, onLine: request.onLine });
  }

  /**
   * An endpoint from the environment or the active Docker context is what the CLI finds by itself (and setting
   * DOCKER_HOST would drop a context's TLS settings); one from the OrcaOps config or a socket probe must be handed on.
   */
  private async environment(): Promise<NodeJS.ProcessEnv> {
    const env = { ...(this.options.env ?? process.env) };
    const endpoint = await this.options.endpoint?.();
    if (endpoint && (endpoint.source === 'config' || endpoint.source === 'socket-probe')) env['DOCKER_HOST'] = endpoint.address;
    return env;
  }
}
