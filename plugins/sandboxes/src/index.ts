import { ContainerModule } from 'inversify';
import { PLUGIN_API_VERSION, TOKENS, definePlugin, type ComposeService, type DockerService, type HostInfo, type Logger } from '@orcaops/plugin-api';
import { Sandboxes } from './sandboxes.js';
import { SandboxesOptionsSchema } from './sandboxes-options.js';
import { SandboxesToolsProvider } from './sandboxes-tools.provider.js';

/** The built-in sandboxes plugin: multi-service environments from templates, run with compose. */
export default definePlugin({
  id: 'sandboxes',
  apiVersion: PLUGIN_API_VERSION,
  description: 'Multi-service sandboxes from templates (web-dev, python-ml, api-testing) or existing compose projects, run with compose.',
  options: SandboxesOptionsSchema,
  createModule: (options) =>
    new ContainerModule(({ bind }) => {
      bind(Sandboxes)
        .toDynamicValue(
          ({ get }) =>
            new Sandboxes({
              docker: get<DockerService>(TOKENS.DockerService),
              compose: get<ComposeService>(TOKENS.ComposeService),
              host: get<HostInfo>(TOKENS.HostInfo),
              log: get<Logger>(TOKENS.Logger),
              options,
            }),
        )
        .inSingletonScope();
      bind(TOKENS.ToolProvider).toDynamicValue(({ get }) => new SandboxesToolsProvider(get(Sandboxes))).inSingletonScope();
    }),
});

export { Sandboxes } from './sandboxes.js';
export { SandboxesToolsProvider } from './sandboxes-tools.provider.js';
export { BUILTIN_TEMPLATES } from './templates/builtin-templates.js';
