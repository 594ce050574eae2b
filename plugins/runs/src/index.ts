import { ContainerModule } from 'inversify';
import { PLUGIN_API_VERSION, TOKENS, definePlugin, type Clock, type RunStore } from '@orcaops/plugin-api';
import { createRunsTools } from './runs-tools.js';

/** The built-in runs plugin: the job history under ORCAOPS_HOME. */
export default definePlugin({
  id: 'runs',
  apiVersion: PLUGIN_API_VERSION,
  description: 'Lists, shows, deletes and cleans up recorded job runs.',
  createModule: () =>
    new ContainerModule(({ bind }) => {
      bind(TOKENS.ToolProvider).toDynamicValue(({ get }) => {
        const clock = get<Clock>(TOKENS.Clock);
        return { getTools: () => createRunsTools(get<RunStore>(TOKENS.RunStore), () => clock.now()) };
      });
    }),
});
