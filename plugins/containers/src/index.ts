import { defineBuiltinPlugin } from '@orcaops/contracts';
import { createContainerTools } from './containers-tools.js';

/** The built-in containers plugin: list, logs, inspect, stop and remove containers. */
export default defineBuiltinPlugin({
  id: 'containers',
  description: 'Lists containers on the engine, reads their logs (stdout and stderr, bounded), inspects, stops and removes them.',
  setup: ({ services }) => ({ tools: createContainerTools(services.docker, { now: () => services.clock.now() }, services.runStore) }),
});

export { createContainerTools } from './containers-tools.js';
