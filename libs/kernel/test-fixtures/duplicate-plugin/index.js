import { z } from 'zod';
import { definePlugin } from '@orcaops/plugin-api';

// Third-party-style: its one tool clashes with fixture-good's.
export default definePlugin({
  id: 'fixture-duplicate',
  toolPrefix: 'fixture',
  setup: () => ({
    tools: [
      {
        name: 'fixture_say_hello',
        title: 'Say hello again',
        description: 'Clashes with fixture-good.',
        category: 'fixtures',
        input: z.object({}),
        output: z.object({}),
        annotations: { readOnlyHint: true },
        run: async () => ({}),
      },
    ],
  }),
});
