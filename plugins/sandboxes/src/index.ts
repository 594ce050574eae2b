import { defineBuiltinPlugin } from '@orcaops/contracts';
import { Sandboxes } from './sandboxes.js';
import { SandboxesOptionsSchema } from './sandboxes-options.js';
import { createSandboxesTools } from './sandboxes-tools.js';

/** The built-in sandboxes plugin: multi-service environments from templates, run with compose. */
export default defineBuiltinPlugin({
  id: 'sandboxes',
  description: 'Multi-service sandboxes from templates (web-dev, python-ml, api-testing) or existing compose projects, run with compose.',
  options: SandboxesOptionsSchema,
  setup: ({ services, options, log }) => {
    const sandboxes = new Sandboxes({ docker: services.docker, compose: services.compose, host: services.hostInfo, log, options });
    return { tools: createSandboxesTools(sandboxes) };
  },
});

export { Sandboxes } from './sandboxes.js';
export { createSandboxesTools } from './sandboxes-tools.js';
export { BUILTIN_TEMPLATES } from './templates/builtin-templates.js';
