import { definePlugin } from '@orcaops/plugin-api';

export const calls = [];

// Plain JavaScript hooks that return nothing (not promises) are hooks that ran, not failures.
export default definePlugin({
  id: 'fixture-plain-hooks',
  setup: () => ({ tools: [], start() { calls.push('start'); }, stop() { calls.push('stop'); } }),
});
