import { z } from 'zod';
import { definePlugin } from '@orcaops/plugin-api';

// A third-party plugin may not name its tools like OrcaOps's own.
export default definePlugin({
  id: 'fixture-reserved',
  toolPrefix: 'orcaops',
  setup: () => ({
    tools: [{ name: 'orcaops_run_job', title: 'x', description: 'x', category: 'x', input: z.object({}), output: z.object({}), annotations: { readOnlyHint: true }, run: async () => ({}) }],
  }),
});
