import { join } from 'node:path';
import type { HostInfo, HostRole, LoadedPlugin, Logger, LogLevel, PluginFailure, PluginServices } from '@orcaops/plugin-api';
import { CallAudit, callAuditLog } from './audit/call-audit.js';
import { FileSecretStore } from './secrets/file-secret-store.js';
import { KernelSecrets } from './secrets/kernel-secrets.js';
import type { HostName } from './audit/call-audit-entry.js';
import { DuplicateToolError, ToolCatalog, findClash } from './catalog/tool-catalog.js';
import { selectTools } from './catalog/tool-selection.js';
import { loadConfig } from './config/load-config.js';
import type { PluginSpec, ResolvedConfig } from './config/resolved-config.js';
import { Invoker } from './invoke/invoker.js';
import { runHooks, type PluginHooks } from './lifecycle.js';
import { StreamLogger, type LogSink } from './logging/stream-logger.js';
import { ORCAOPS_VERSION } from './version.js';
import { loadPlugin, type LoadedPluginModule } from './plugins/load-plugin.js';

const HOOK_TIMEOUT_MS = 10_000;
/** Longest a drain waits: a job's own time limit is at most a day. */
const DRAIN_TIMEOUT_MS = 24 * 60 * 60 * 1000 + 60_000;

/** The host services a composition root builds for the kernel: all of {@link PluginServices} but the host facts. */
export type HostServices = Omit<PluginServices, 'hostInfo' | 'secrets'>;

/** What the composition root hands the kernel, built once the configuration is known. */
export interface KernelServices {
  /** The services every plugin gets. */
  readonly services: HostServices;
  /** More services for the built-in plugins only (the first-party contract tier types them). */
  readonly builtinServices?: object;
  /** Releases what the services hold (sockets, timers) after the plugins have stopped. */
  close?(): Promise<void>;
}

/** How to start a kernel. */
export interface KernelOptions {
  readonly cwd?: string;
  /** `--config`. */
  readonly configPath?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Overrides the configured level (`--debug`). */
  readonly logLevel?: LogLevel;
  /** Only read-only tools (`--read-only`), whatever the configuration says. */
  readonly readOnly?: boolean;
  /** Where logs go; stderr by default. */
  readonly logSink?: LogSink;
  /** The built-in plugins, loaded before the configured ones; a clash among them is fatal. */
  readonly builtins: readonly PluginSpec[];
  /** Builds the host services once the configuration is loaded (the composition root's part). */
  readonly services: (context: { readonly config: ResolvedConfig; readonly log: Logger; readonly env: NodeJS.ProcessEnv }) => KernelServices;
  /** Configuration already loaded by the host (skips loading it again). */
  readonly config?: ResolvedConfig;
  /** Logger already created by the host. */
  readonly log?: Logger;
  /**
   * What kind of host this is, told to the plugins. Defaults to `command`: a host that does not say it stays up
   * must not adopt work it cannot see through (docs/decisions/0013).
   */
  readonly role?: HostRole;
  /**
   * Which host this is (`mcp`, `cli`, `tui`, `http`), for the audit log: the role alone does not tell the MCP
   * server from the HTTP host. `unknown` in the log when not given.
   */
  readonly host?: HostName;
  /** How long one plugin's setup may take before it is skipped (default 10 s). */
  readonly pluginSetupTimeoutMs?: number;
}

/**
 * The running core shared by every host: configuration, plugins, the frozen tool catalog and the invoker. It
 * knows no plugin and no service implementation: the composition root (libs/composition) hands it both.
 */
export class Kernel {
  private stopping: Promise<void> | null = null;

  private constructor(
    readonly config: ResolvedConfig,
    readonly log: Logger,
    readonly catalog: ToolCatalog,
    readonly invoker: Invoker,
    readonly hostInfo: HostInfo,
    private readonly lifecycle: readonly PluginHooks[],
    private readonly shutdown: AbortController,
    private readonly services: KernelServices,
    private readonly audit: CallAudit | null,
  ) {}

  /**
   * Loads configuration and plugins and starts them. A plugin that fails to load, or whose tools clash with
   * tools already loaded, is skipped and reported (`hostInfo.plugins()`).
   * @throws OrcaError `CONFIG_INVALID` for a bad configuration; DuplicateToolError when two built-in tools share a name.
   */
  static async start(options: KernelOptions): Promise<Kernel> {
    const env = options.env ?? process.env;
    const config =
      options.config ??
      (await loadConfig({
        cwd: options.cwd ?? process.cwd(),
        env,
        ...(options.configPath ? { configPath: options.configPath } : {}),
        ...(options.logLevel ? { logLevel: options.logLevel } : {}),
        ...(options.readOnly ? { readOnly: true } : {}),
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
    const built = options.services({ config, log, env });
    const role = options.role ?? 'command';
    const secrets = new KernelSecrets(FileSecretStore.in(config.home), env);
    await secrets.learnStored();
    const environment = {
      services: { ...built.services, hostInfo, secrets },
      builtinServices: built.builtinServices ?? {},
      log,
      host: { role, version: ORCAOPS_VERSION, home: config.home },
      setupTimeoutMs: options.pluginSetupTimeoutMs ?? HOOK_TIMEOUT_MS,
    };

    const accepted: LoadedPluginModule[] = [];
    for (const spec of pluginsToLoad(options.builtins, config.plugins)) {
      let plugin: LoadedPluginModule;
      try {
        plugin = await loadPlugin(spec, environment);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        failed.push({ source: spec.source, builtin: spec.builtin, error: message });
        log.error('plugin failed to load and was skipped', { source: spec.source, error: message });
        continue;
      }
      const clash = findClash(accepted, plugin);
      if (clash) {
        if (spec.builtin) throw new DuplicateToolError(clash);
        failed.push({ source: spec.source, builtin: false, error: `${clash}; the plugin was skipped` });
        log.error('plugin skipped: a tool name clashes', { source: spec.source, error: clash });
        continue;
      }
      accepted.push(plugin);
      loaded.push({ id: plugin.id, source: spec.source, version: plugin.version, builtin: spec.builtin, tools: plugin.tools.map((tool) => tool.name) });
      log.debug('plugin loaded', { plugin: plugin.id, source: spec.source, tools: plugin.tools.length });
    }

    const loadedTools = ToolCatalog.from(accepted.map((plugin) => ({ pluginId: plugin.id, source: plugin.source, tools: plugin.tools })));
    const catalog = servedTools(loadedTools, config, log);
    const audit = callAudit(config, loadedTools, options.host ?? 'unknown', log);
    const lifecycle = accepted.map((plugin) => ({ pluginId: plugin.id, hooks: plugin.hooks }));
    const shutdown = new AbortController();
    const invoker = new Invoker(catalog, log, shutdown.signal, config.replies, audit, secrets.redactor);
    const kernel = new Kernel(config, log, catalog, invoker, hostInfo, lifecycle, shutdown, built, audit);
    await runHooks(lifecycle, 'start', HOOK_TIMEOUT_MS, log, { role });
    return kernel;
  }

  /** Waits for background work that plugins own in this process (e.g. jobs it supervises) to end. */
  drain(): Promise<void> {
    return runHooks(this.lifecycle, 'drain', DRAIN_TIMEOUT_MS, this.log);
  }

  /**
   * Cancels running calls, stops plugins, closes the host services, then writes what the audit log still holds.
   * Safe to call more than once.
   */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.shutdown.abort(new Error('OrcaOps is shutting down'));
      await runHooks(this.lifecycle, 'stop', HOOK_TIMEOUT_MS, this.log);
      await this.services.close?.().catch((error: unknown) => this.log.warn('closing host services failed', { error }));
      await this.audit?.close();
    })();
    return this.stopping;
  }
}

/**
 * The audit of calls that may change something (`<home>/audit.log`), or null when `audit.enabled` is false. It
 * knows every loaded tool, not only the served ones: a call of a tool the selection left out is refused, and the
 * refusal of a tool that changes things is recorded.
 */
function callAudit(config: ResolvedConfig, loaded: ToolCatalog, host: HostName | 'unknown', log: Logger): CallAudit | null {
  if (!config.audit.enabled) return null;
  const file = join(config.home, 'audit.log');
  return new CallAudit({
    log: callAuditLog({
      file,
      maxBytes: config.audit.maxBytes,
      keep: config.audit.keep,
      onError: (error) => log.warn('audit log write failed', { file, error: error instanceof Error ? error.message : String(error) }),
    }),
    host,
    // Anything that does not declare itself read-only is taken to change things.
    mayChange: (tool) => {
      const entry = loaded.get(tool);
      return entry !== undefined && !entry.tool.annotations.readOnlyHint;
    },
  });
}

/**
 * The tools every host serves: the configured selection (`tools`), then only read-only ones in read-only mode.
 * A tool left out is not in the catalog, so no host lists or calls it.
 */
function servedTools(all: ToolCatalog, config: ResolvedConfig, log: Logger): ToolCatalog {
  const { selected, unknown, dropped } = selectTools(all.entries, config.tools);
  for (const name of unknown) log.warn(`tools names ${name}, which is not a loaded tool`);
  if (dropped.length > 0) log.warn('the gpt preset left tools out to stay within 30', { dropped });
  const served = config.readOnly ? selected.filter((entry) => entry.tool.annotations.readOnlyHint) : selected;
  return served.length === all.entries.length ? all : all.only(served.map((entry) => entry.tool.name));
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
