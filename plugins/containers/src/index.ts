import { ContainerModule } from 'inversify';
import { PLUGIN_API_VERSION, TOKENS, definePlugin } from '@orcaops/plugin-api';
import { ContainersToolsProvider } from './containers-tools.provider.js';

/** The built-in containers plugin: list, logs, inspect, stop and remove containers. */
export default definePlugin({
  id: 'containers',
  apiVersion: PLUGIN_API_VERSION,
  description: 'Lists containers on the engine, reads their logs (stdout and stderr, bounded), inspects, stops and removes them.',
  createModule: () =>
    new ContainerModule(({ bind }) => {
      bind(TOKENS.ToolProvider).to(ContainersToolsProvider).inSingletonScope();
    }),
});

export { ContainersToolsProvider, createContainerTools } from './containers-tools.provider.js';
