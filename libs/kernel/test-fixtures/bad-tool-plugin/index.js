import { ContainerModule } from 'inversify';
import { TOKENS } from '@orcaops/plugin-api';

export default {
  id: 'fixture-bad-tool',
  apiVersion: 1,
  createModule: () =>
    new ContainerModule(({ bind }) => {
      bind(TOKENS.ToolProvider).toConstantValue({
        getTools: () => [{ name: 'BadName', title: 'x', description: 'x', category: 'x', annotations: {}, run: 'nope' }],
      });
    }),
};
