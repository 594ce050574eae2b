import { BUILTIN_TOOL_PREFIX, type OrcaPlugin, type PluginServices } from '@orcaops/plugin-api';
import type { RunStore } from './runs/run-store.js';
import type { z } from 'zod';

/**
 * The services the built-in plugins are set up with: the SDK's {@link PluginServices} plus what only first-party
 * code may use (the run store with write access). The composition root provides them; third-party plugins never
 * see them.
 */
export interface BuiltinServices extends PluginServices {
  /** The job run history with write access (the jobs and runs plugins own it). */
  readonly runStore: RunStore;
}

/** A built-in plugin: set up with {@link BuiltinServices}, its tools named `orcaops_<verb>_<noun>`. */
export type BuiltinPlugin<O extends z.ZodType = z.ZodType> = OrcaPlugin<O, BuiltinServices>;

/** Declares a built-in plugin: the SDK's `definePlugin`, with the first-party services and the `orcaops` tool prefix. */
export function defineBuiltinPlugin<O extends z.ZodType = z.ZodObject<Record<string, never>>>(
  plugin: Omit<BuiltinPlugin<O>, 'toolPrefix'>,
): BuiltinPlugin<O> {
  return { ...plugin, toolPrefix: BUILTIN_TOOL_PREFIX } satisfies BuiltinPlugin<O>;
}
