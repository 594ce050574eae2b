import { defineBuiltinPlugin } from '@orcaops/contracts';
import { createContainerTools } from './containers-tools.js';

/** The built-in containers plugin: list containers, read their stats and logs, inspect, stop and remove them. */
export default defineBuiltinPlugin({
  id: 'containers',
  description: 'Lists containers on the engine, reads their resource use (like docker stats) and their logs (stdout and stderr, bounded), inspects, stops and removes them.',
  setup: ({ services }) => ({ tools: createContainerTools(services.docker, { now: () => services.clock.now() }, services.runStore) }),
});

export { createContainerTools } from './containers-tools.js';
