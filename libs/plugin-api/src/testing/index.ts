/**
 * `@orcaops/plugin-api/testing`: set a plugin up the way OrcaOps does and call its tools through the same pipeline
 * every OrcaOps host uses (argument checks, output validation, reply budget), getting the envelope a client sees.
 * Pass the services a test needs (fakes typed by this package, or real ones); any service left out fails loudly
 * when a tool touches it.
 */
import { OrcaError } from '../errors/orca-error.js';
import { callTool } from '../invoke/call-tool.js';
import type { HostRole } from '../plugins/contributions.js';
import type { OrcaPlugin, PluginInstance } from '../plugins/plugin-definition.js';
import type { PluginServices } from '../plugins/plugin-services.js';
import { parsePluginOptions, validatePluginTools } from '../plugins/validate-tool.js';
import { SILENT_LOGGER, type Logger } from '../services/logger.js';
import { createReplyBudget, DEFAULT_MAX_REPLY_BYTES, DEFAULT_REPLY_BYTES } from '../tools/reply-budget.js';
import type { AnyToolDefinition, ProgressUpdate } from '../tools/tool-definition.js';
import { toEnvelope, type ToolOutcome } from '../tools/tool-outcome.js';

/** How {@link setupPlugin} sets a plugin up. */
export interface SetupPluginOptions {
  /** The services the plugin's tools use; each one left out throws when touched. */
  readonly services?: Partial<PluginServices>;
  /** The plugin's options as `orcaops.config.json` would give them (validated by the plugin's schema). */
  readonly options?: unknown;
  /** Default `command`. */
  readonly role?: HostRole;
  /** `host.home`; default a path under the system temp directory that the harness does not create. */
  readonly home?: string;
  /** Reply limit per call and the most a tool may raise it to (defaults as in OrcaOps: 64 KiB and 1 MiB). */
  readonly replyBytes?: number;
  readonly maxReplyBytes?: number;
  /** Receives the plugin's log lines; silent by default. */
  readonly log?: Logger;
  /**
   * Checks the tools as OrcaOps checks its own built-in plugins, which alone may use the `orcaops` prefix. Leave it
   * out for any other plugin: OrcaOps refuses that prefix when it loads one.
   */
  readonly builtin?: boolean;
}

/** Per-call options of {@link PluginUnderTest.call}. */
export interface TestCallOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (update: ProgressUpdate) => void;
}

/** A plugin set up for a test. */
export interface PluginUnderTest {
  readonly tools: readonly AnyToolDefinition[];
  /** Calls a tool and returns the envelope a client gets: `{ success: true, ...data }` or `{ success: false, error }`. */
  call(name: string, args?: unknown, options?: TestCallOptions): Promise<Record<string, unknown>>;
  /** The same call, as the outcome (`{ ok, data }` or `{ ok, error }`). */
  outcome(name: string, args?: unknown, options?: TestCallOptions): Promise<ToolOutcome>;
  /** Runs the plugin's start hook (OrcaOps runs it after every plugin is set up). */
  start(): Promise<void>;
  /** Runs the plugin's stop hook. */
  stop(): Promise<void>;
}

/**
 * Sets `plugin` up as OrcaOps would (options validated, tools checked for shape and naming) with the services given.
 * @throws Error when the options are invalid or a tool is malformed or misnamed, as loading it into OrcaOps would.
 */
export async function setupPlugin(plugin: OrcaPlugin, options: SetupPluginOptions = {}): Promise<PluginUnderTest> {
  const pluginOptions = parsePluginOptions(plugin, options.options ?? {});
  const role = options.role ?? 'command';
  const log = options.log ?? SILENT_LOGGER;
  const instance: PluginInstance = await plugin.setup({
    services: withMissingServices(options.services ?? {}),
    options: pluginOptions,
    log,
    host: { role, version: '0.0.0-test', home: options.home ?? '/tmp/orcaops-plugin-test-home' },
  });
  validatePluginTools(plugin, instance?.tools, options.builtin === true);
  const outcome = (name: string, args: unknown = {}, call: TestCallOptions = {}): Promise<ToolOutcome> => {
    const tool = instance.tools.find((candidate) => candidate.name === name);
    if (!tool) {
      const names = instance.tools.map((candidate) => candidate.name).join(', ');
      return Promise.resolve({ ok: false, error: new OrcaError('TOOL_NOT_FOUND', `Plugin ${plugin.id} has no tool ${name}; it has ${names}.`).toPayload() });
    }
    const reply = createReplyBudget(options.replyBytes ?? DEFAULT_REPLY_BYTES, options.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES);
    return callTool(tool, args, { reply, log, ...(call.signal ? { signal: call.signal } : {}), ...(call.onProgress ? { onProgress: call.onProgress } : {}) });
  };
  return {
    tools: instance.tools,
    outcome,
    call: async (name, args, call) => toEnvelope(await outcome(name, args, call)),
    start: async () => instance.start?.({ role }),
    stop: async () => instance.stop?.(),
  };
}

const SERVICE_NAMES = ['docker', 'compose', 'runs', 'hostInfo', 'clock', 'secrets'] as const satisfies readonly (keyof PluginServices)[];

/** The given services, and for each one left out a stand-in whose every use throws, naming it. */
function withMissingServices(given: Partial<PluginServices>): PluginServices {
  const services: Record<string, unknown> = { ...given };
  for (const name of SERVICE_NAMES) {
    if (services[name] !== undefined) continue;
    services[name] = new Proxy(
      {},
      {
        get(_target, property) {
          if (property === 'then') return undefined;
          throw new Error(`services.${name}.${String(property)} was used, but the test gave no services.${name}; pass it to setupPlugin({ services })`);
        },
      },
    );
  }
  return services as unknown as PluginServices;
}
