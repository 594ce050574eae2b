import { Kernel, type KernelOptions, type PluginSpec } from '@orcaops/kernel';
import { builtinPluginSpecs } from './builtin-plugins.js';
import { createHostServices, type ServiceOverrides } from './host-services.js';

/** How a host starts OrcaOps: the kernel's options, with the real services and the shipped plugins by default. */
export interface StartOrcaOpsOptions extends Omit<KernelOptions, 'builtins' | 'services'> {
  /** Built-in plugins; the shipped set by default. */
  readonly builtins?: readonly PluginSpec[];
  /** Replaces single host services (e.g. a fake Docker engine in tests). */
  readonly overrides?: ServiceOverrides;
}

/**
 * The composition root: assembles the host services and the built-in plugin list, and starts the kernel with
 * them. Every host (the MCP server, the TUI, the CLI) starts OrcaOps through here.
 */
export function startOrcaOps(options: StartOrcaOpsOptions = {}): Promise<Kernel> {
  const { builtins, overrides, ...kernelOptions } = options;
  return Kernel.start({
    ...kernelOptions,
    builtins: builtins ?? builtinPluginSpecs(),
    services: (context) => createHostServices(context, overrides),
  });
}
