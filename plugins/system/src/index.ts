import { ContainerModule } from 'inversify';
import { PLUGIN_API_VERSION, TOKENS, definePlugin } from '@orcaops/plugin-api';
import { SystemToolsProvider } from './system-tools.provider.js';

/** The built-in system plugin: `orcaops_system_info` and `orcaops_cleanup_containers`. */
export default definePlugin({
  id: 'system',
  apiVersion: PLUGIN_API_VERSION,
  description: 'Engine and host diagnostics; cleanup of stopped OrcaOps containers.',
  createModule: () =>
    new ContainerModule(({ bind }) => {
      bind(TOKENS.ToolProvider).to(SystemToolsProvider).inSingletonScope();
    }),
});

export { SystemToolsProvider } from './system-tools.provider.js';
