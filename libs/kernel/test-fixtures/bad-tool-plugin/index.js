import { definePlugin } from '@orcaops/plugin-api';

export default definePlugin({
  id: 'fixture-bad-tool',
  setup: () => ({ tools: [{ name: 'BadName', title: 'x', description: 'x', category: 'x', annotations: {}, run: 'nope' }] }),
});
