import { defineBuiltinPlugin } from '@orcaops/contracts';
import { createRunsTools } from './runs-tools.js';

/** The built-in runs plugin: the job history under ORCAOPS_HOME. */
export default defineBuiltinPlugin({
  id: 'runs',
  description: 'Lists, shows, deletes and cleans up recorded job runs.',
  setup: ({ services }) => ({ tools: createRunsTools(services.runStore, () => services.clock.now()) }),
});
