import 'reflect-metadata/lite';
import { join } from 'node:path';
import { Container } from 'inversify';
import { ComposeCli, DockerodeService } from '@orcaops/docker';
import { FileRunStore } from '@orcaops/run-store';
import {
  TOKENS,
  type HostInfo,
  type HostRole,
  type LifecycleContribution,
  type LoadedPlugin,
  type Logger,
  type LogLevel,
  type PluginFailure,
} from '@orcaops/plugin-api';
import { ToolCatalog } from './catalog/tool-catalog.js';
import { loadConfig } from './config/load-config.js';
import type { PluginSpec, ResolvedConfig } from './config/resolved-config.js';
import { Invoker } from './invoke/invoker.js';
import { runHooks } from './lifecycle.js';
import { StreamLogger, type LogSink } from './logging/stream-logger.js';
import { ORCAOPS_VERSION } from './version.js';
import { builtinPluginSpecs } from './plugins/builtin-plugins.js';
import { loadPlugin } from './plugins/load-plugin.js';

const HOOK_TIMEOUT_MS = 10_000;
/** Longest a drain waits: a job's own time limit is at most a day. */
const DRAIN_TIMEOUT_MS = 24 * 60 * 60 * 1000 + 60_000;

/** How to start a kernel. Every field has a production default; tests override the edges. */
export interface KernelOptions {
  readonly cwd?: string;
  /** `--config`. */
  readonly configPath?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Overrides the configured level (`--debug`). */
  readonly logLevel?: LogLevel;
  /** Where logs go; stderr by default. */
  readonly logSink?: LogSink;
  /** Built-in plugins; the shipped set by default. */
  readonly builtins?: readonly PluginSpec[];
  /** Configuration already loaded by the host (skips loading it again). */
  readonly config?: ResolvedConfig;
  /** Logger already created by the host. */
  readonly log?: Logger;
  /** Rebinds host services (e.g. a fake Docker) before plugins load. */
  readonly configureHost?: (container: Container) => void;
  /**
   * What kind of host this is, told to the plugins' start hooks. Defaults to `command`: a host that does not say it
   * stays up must not adopt work it cannot see through (docs/decisions/0013).
   */
  readonly role?: HostRole;
}

/**
 * The running core shared by both hosts: configuration, plugins, the frozen tool catalog and the invoker.
 * Hosts never reach into the DI container; they use `catalog` and `invoker`.
 */
export class Kernel {
  private stopping: Promise<void> | null = null;

  private constructor(
    readonly config: ResolvedConfig,
    readonly log: Logger,
    readonly catalog: ToolCatalog,
    readonly invoker: Invoker,
    readonly hostInfo: HostInfo,
    private readonly lifecycle: ReadonlyArray<{ pluginId: string; contribution: LifecycleContribution }>,
    private readonly shutdown: AbortController,
  ) {}

  /**
   * Loads configuration and plugins and starts them.
   * @throws OrcaError `CONFIG_INVALID` for a bad configuration; DuplicateToolError when two tools share a name.
   */
  static async start(options: KernelOptions = {}): Promise<Kernel> {
    const env = options.env ?? process.env;
    const config =
      options.config ??
      (await loadConfig({
        cwd: options.cwd ?? process.cwd(),
        env,
        ...(options.configPath ? { configPath: options.configPath } : {}),
        ...(options.logLevel ? { logLevel: options.logLevel } : {}),
      }));
    const log = options.log ?? new StreamLogger(options.logSink ?? process.stderr, config.logLevel, { name: 'orcaops' });

    const loaded: LoadedPlugin[] = [];
    const failed: PluginFailure[] = [];
    const hostInfo: HostInfo = {
      version: ORCAOPS_VERSION,
      home: config.home,
      configFile: config.configFile,
      logLevel: config.logLevel,
      plugins: () => ({ loaded, failed }),
    };
    const host = new Container({ defaultScope: 'Singleton' });
    host.bind(TOKENS.Logger).toConstantValue(log);
    host.bind(TOKENS.HostInfo).toConstantValue(hostInfo);
    host.bind(TOKENS.Clock).toConstantValue({ now: () => new Date() });
    const docker = new DockerodeService(
      { env, ...(config.dockerHost ? { configuredHost: config.dockerHost } : {}), ...(config.dockerTimeouts ? { timeouts: config.dockerTimeouts } : {}) },
      log.child({ component: 'docker' }),
    );
    host.bind(TOKENS.DockerService).toConstantValue(docker);
    host.bind(TOKENS.ComposeService).toConstantValue(new ComposeCli({ env, endpoint: () => docker.endpoint(), cacheFile: join(config.home, 'cache', 'compose-cli.json') }));
    host.bind(TOKENS.RunStore).toConstantValue(new FileRunStore({ home: config.home, logger: log.child({ component: 'run-store' }) }));
    options.configureHost?.(host);

    const contributions: Array<{ pluginId: string; source: string; tools: Awaited<ReturnType<typeof loadPlugin>>['tools'] }> = [];
    const lifecycle: Array<{ pluginId: string; contribution: LifecycleContribution }> = [];
    for (const spec of pluginsToLoad(options.builtins ?? builtinPluginSpecs(), config.plugins)) {
      try {
        const plugin = await loadPlugin(spec, host, log);
        contributions.push({ pluginId: plugin.id, source: spec.source, tools: plugin.tools });
        lifecycle.push(...plugin.lifecycle.map((contribution) => ({ pluginId: plugin.id, contribution })));
        loaded.push({ id: plugin.id, source: spec.source, version: plugin.version, builtin: spec.builtin, tools: plugin.tools.map((tool) => tool.name) });
        log.debug('plugin loaded', { plugin: plugin.id, source: spec.source, tools: plugin.tools.length });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        failed.push({ source: spec.source, builtin: spec.builtin, error: message });
        log.error('plugin failed to load and was skipped', { source: spec.source, error: message });
      }
    }

    const catalog = ToolCatalog.from(contributions);
    const shutdown = new AbortController();
    const kernel = new Kernel(config, log, catalog, new Invoker(catalog, log, shutdown.signal, config.replies), hostInfo, lifecycle, shutdown);
    await runHooks(lifecycle, 'start', HOOK_TIMEOUT_MS, log, { role: options.role ?? 'command' });
    return kernel;
  }

  /** Waits for background work that plugins own in this process (e.g. jobs it supervises) to end. */
  drain(): Promise<void> {
    return runHooks(this.lifecycle, 'drain', DRAIN_TIMEOUT_MS, this.log);
  }

  /** Cancels running calls and stops plugins. Safe to call more than once. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.shutdown.abort(new Error('OrcaOps is shutting down'));
      await runHooks(this.lifecycle, 'stop', HOOK_TIMEOUT_MS, this.log);
    })();
    return this.stopping;
  }
}

/**
 * Built-ins first, then the configured plugins. A configured entry that names a built-in package configures that
 * built-in (its options) instead of loading it a second time.
 */
function pluginsToLoad(builtins: readonly PluginSpec[], configured: readonly PluginSpec[]): PluginSpec[] {
  const byName = new Map(configured.map((spec) => [spec.source, spec]));
  return [
    ...builtins.map((builtin) => ({ ...builtin, options: byName.get(builtin.source)?.options ?? builtin.options })),
    ...configured.filter((spec) => !builtins.some((builtin) => builtin.source === spec.source)),
  ];
}
