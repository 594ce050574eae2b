export { startOrcaOps, type StartOrcaOpsOptions } from './start-orcaops.js';
export { createHostServices, type ServiceOverrides } from './host-services.js';
export { BUILTIN_PLUGIN_PACKAGES, builtinPluginSpecs } from './builtin-plugins.js';
