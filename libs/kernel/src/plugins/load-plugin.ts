import { pathToFileURL } from 'node:url';
import {
  PLUGIN_API_VERSION,
  PLUGIN_ID_PATTERN,
  parsePluginOptions,
  validatePluginTools,
  type AnyToolDefinition,
  type HostRole,
  type Logger,
  type OrcaPlugin,
  type PluginInstance,
  type PluginServices,
} from '@orcaops/plugin-api';
import type { PluginSpec } from '../config/resolved-config.js';

import { resolvePlugin } from './resolve-plugin.js';

/** A plugin that loaded, with what it contributes. */
export interface LoadedPluginModule {
  readonly id: string;
  readonly source: string;
  readonly version: string | null;
  readonly builtin: boolean;
  readonly tools: readonly AnyToolDefinition[];
  readonly hooks: Pick<PluginInstance, 'start' | 'drain' | 'stop'>;
}

/** What the kernel sets plugins up with. */
export interface PluginEnvironment {
  readonly services: PluginServices;
  /** Given to built-in plugins only, on top of `services` (the first-party contract tier types them). */
  readonly builtinServices: object;
  readonly log: Logger;
  readonly host: { readonly role: HostRole; readonly version: string; readonly home: string };
  /** How long a plugin's setup may take before it is skipped (one that never settles must not hold up the host). */
  readonly setupTimeoutMs: number;
}

/** Why a plugin was not loaded; the kernel reports the message and goes on without it. */
export class PluginLoadError extends Error {
  override readonly name = 'PluginLoadError';
}

/**
 * Resolves, imports and sets up one plugin. Any failure throws; the caller records it and moves on, so one broken
 * plugin never stops the others.
 */
export async function loadPlugin(spec: PluginSpec, environment: PluginEnvironment): Promise<LoadedPluginModule> {
  const { module, version } = spec.load
    ? { module: (await spec.load()) as Record<string, unknown>, version: environment.host.version }
    : await importFromDisk(spec);
  const plugin = asPlugin(module['default'] ?? module);

  const options = parsePluginOptions(plugin, spec.options);

  const services = spec.builtin ? { ...environment.builtinServices, ...environment.services } : environment.services;
  const instance = await withinTime(
    Promise.resolve().then(() => plugin.setup({ services, options, log: environment.log.child({ plugin: plugin.id }), host: environment.host })),
    environment.setupTimeoutMs,
    `plugin ${plugin.id}: setup() did not finish within ${environment.setupTimeoutMs / 1000} s`,
  );
  validatePluginTools(plugin, instance?.tools, spec.builtin);
  // The plugin's own array could still change after the check; the catalog keeps a copy.
  const tools = [...instance.tools];
  const hooks: LoadedPluginModule['hooks'] = {
    ...(instance.start ? { start: instance.start.bind(instance) } : {}),
    ...(instance.drain ? { drain: instance.drain.bind(instance) } : {}),
    ...(instance.stop ? { stop: instance.stop.bind(instance) } : {}),
  };
  return { id: plugin.id, source: spec.source, version, builtin: spec.builtin, tools, hooks };
}

async function importFromDisk(spec: PluginSpec): Promise<{ module: Record<string, unknown>; version: string | null }> {
  const resolved = await resolvePlugin(spec.source, spec.baseDir);
  if (resolved.manifest.apiVersion !== PLUGIN_API_VERSION) {
    throw new PluginLoadError(incompatibleMessage(resolved.packageName, resolved.manifest.apiVersion));
  }
  return { module: (await import(pathToFileURL(resolved.entryFile).href)) as Record<string, unknown>, version: resolved.version };
}

/** `work`, or a PluginLoadError once `ms` have passed. */
async function withinTime<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new PluginLoadError(message)), ms);
    timer.unref();
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function incompatibleMessage(packageName: string, declared: number): string {
  const direction =
    declared > PLUGIN_API_VERSION
      ? `upgrade OrcaOps to a version that supports plugin API ${declared}, or install an older ${packageName}`
      : `upgrade ${packageName} to a release built for plugin API ${PLUGIN_API_VERSION}`;
  return `${packageName} is built for plugin API ${declared}; this OrcaOps supports plugin API ${PLUGIN_API_VERSION} only: ${direction}.`;
}

function asPlugin(candidate: unknown): OrcaPlugin {
  const plugin = candidate as Partial<OrcaPlugin> & { createModule?: unknown } | null;
  if (!plugin || typeof plugin !== 'object') throw new PluginLoadError('the entry module exports no plugin object (export default definePlugin({...}))');
  if (typeof plugin.id !== 'string' || !PLUGIN_ID_PATTERN.test(plugin.id)) throw new PluginLoadError(`invalid plugin id ${JSON.stringify(plugin.id)}`);
  if (typeof plugin.setup !== 'function') {
    const hint = typeof plugin.createModule === 'function' ? ' (inversify modules are no longer supported: see docs/plugins.md)' : '';
    throw new PluginLoadError(`plugin ${plugin.id} has no setup function${hint}`);
  }
  if (plugin.options !== undefined && typeof (plugin.options as { safeParse?: unknown }).safeParse !== 'function') {
    throw new PluginLoadError(`plugin ${plugin.id}: options must be a zod schema`);
  }
  return plugin as OrcaPlugin;
}
