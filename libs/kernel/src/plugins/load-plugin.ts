import { pathToFileURL } from 'node:url';
import { Container } from 'inversify';
import {
  PLUGIN_API_VERSION,
  PLUGIN_ID_PATTERN,
  TOKENS,
  type AnyToolDefinition,
  type LifecycleContribution,
  type Logger,
  type OrcaPlugin,
  type ToolProvider,
} from '@orcaops/plugin-api';
import type { PluginSpec } from '../config/resolved-config.js';
import { validateToolDefinition } from '../catalog/validate-tool.js';
import { resolvePlugin } from './resolve-plugin.js';

/** A plugin that loaded, with what it contributes. */
export interface LoadedPluginModule {
  readonly id: string;
  readonly source: string;
  readonly version: string | null;
  readonly builtin: boolean;
  readonly tools: readonly AnyToolDefinition[];
  readonly lifecycle: readonly LifecycleContribution[];
}

/**
 * Resolves, imports and instantiates one plugin in its own child container. Any failure throws; the caller
 * records it and moves on, so one broken plugin never stops the others.
 */
export async function loadPlugin(spec: PluginSpec, hostContainer: Container, log: Logger): Promise<LoadedPluginModule> {
  const resolved = await resolvePlugin(spec.source, spec.baseDir);
  if (resolved.manifest.apiVersion !== PLUGIN_API_VERSION) {
    throw new Error(`built for plugin API ${resolved.manifest.apiVersion}, this OrcaOps supports ${PLUGIN_API_VERSION}`);
  }
  const module = (await import(pathToFileURL(resolved.entryFile).href)) as Record<string, unknown>;
  const plugin = asPlugin(module['default'] ?? module);

  const parsedOptions = plugin.options ? plugin.options.safeParse(spec.options) : { success: true as const, data: spec.options };
  if (!parsedOptions.success) {
    const problems = parsedOptions.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new Error(`invalid options: ${problems.join('; ')}`);
  }

  const container = new Container({ parent: hostContainer });
  container.bind(TOKENS.Logger).toConstantValue(log.child({ plugin: plugin.id }));
  await container.loadAsync(plugin.createModule(parsedOptions.data));
  const providers = container.getAll<ToolProvider>(TOKENS.ToolProvider, { optional: true }) ?? [];
  const tools = providers.flatMap((provider) => provider.getTools());
  tools.forEach(validateToolDefinition);
  const lifecycle = container.getAll<LifecycleContribution>(TOKENS.LifecycleContribution, { optional: true }) ?? [];
  return { id: plugin.id, source: spec.source, version: resolved.version, builtin: spec.builtin, tools, lifecycle };
}

function asPlugin(candidate: unknown): OrcaPlugin {
  const plugin = candidate as Partial<OrcaPlugin> | null;
  if (!plugin || typeof plugin !== 'object') throw new Error('the entry module exports no plugin object');
  if (typeof plugin.id !== 'string' || !PLUGIN_ID_PATTERN.test(plugin.id)) throw new Error(`invalid plugin id ${JSON.stringify(plugin.id)}`);
  if (plugin.apiVersion !== PLUGIN_API_VERSION) throw new Error(`plugin ${plugin.id} declares apiVersion ${String(plugin.apiVersion)}, expected ${PLUGIN_API_VERSION}`);
  if (typeof plugin.createModule !== 'function') throw new Error(`plugin ${plugin.id} has no createModule function`);
  if (plugin.options !== undefined && typeof (plugin.options as { safeParse?: unknown }).safeParse !== 'function') {
    throw new Error(`plugin ${plugin.id}: options must be a zod schema`);
  }
  return plugin as OrcaPlugin;
}
