import { defineBuiltinPlugin } from '@orcaops/contracts';
import { createSystemTools } from './system-tools.js';

/** The built-in system plugin: `orcaops_system_info` and `orcaops_cleanup_containers`. */
export default defineBuiltinPlugin({
  id: 'system',
  description: 'Engine and host diagnostics; cleanup of stopped OrcaOps containers.',
  setup: ({ services }) => ({
    tools: createSystemTools({ docker: services.docker, compose: services.compose, host: services.hostInfo, runs: services.runStore }),
  }),
});

export { createSystemTools } from './system-tools.js';
