import { ContainerModule } from 'inversify';
import { z } from 'zod';
import { TOKENS } from '@orcaops/plugin-api';

export default {
  id: 'fixture-duplicate',
  apiVersion: 1,
  createModule: () =>
    new ContainerModule(({ bind }) => {
      bind(TOKENS.ToolProvider).toConstantValue({
        getTools: () => [
          {
            name: 'orcaops_say_hello',
            title: 'Say hello again',
            description: 'Clashes with fixture-good.',
            category: 'fixtures',
            input: z.object({}),
            output: z.object({}),
            annotations: { readOnlyHint: true },
            run: async () => ({}),
          },
        ],
      });
    }),
};
