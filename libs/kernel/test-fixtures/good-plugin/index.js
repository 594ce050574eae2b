// A third-party-style plugin for the kernel's loader tests: plain ESM JavaScript, as published on npm.
import { ContainerModule } from 'inversify';
import { z } from 'zod';
import { OrcaError, TOKENS } from '@orcaops/plugin-api';

export const events = [];

export default {
  id: 'fixture-good',
  apiVersion: 1,
  options: z.object({ greeting: z.string().default('hello') }),
  createModule: ({ greeting }) =>
    new ContainerModule(({ bind }) => {
      bind(TOKENS.ToolProvider).toConstantValue({
        getTools: () => [
          {
            name: 'orcaops_say_hello',
            title: 'Say hello',
            description: 'Greets someone.',
            category: 'fixtures',
            input: z.object({ name: z.string().min(1), repeat: z.object({ count: z.number().int().min(1).default(1) }).default({ count: 1 }) }),
            output: z.object({ message: z.string() }),
            annotations: { readOnlyHint: true },
            run: async ({ name, repeat }, ctx) => {
              ctx.progress({ progress: 1, total: 2 });
              ctx.progress({ progress: 1, total: 2 }); // not increasing: must be dropped
              ctx.progress({ progress: 2, total: 2 });
              return { message: Array(repeat.count).fill(`${greeting} ${name}`).join(' ') };
            },
          },
          {
            name: 'orcaops_fail_hard',
            title: 'Fail hard',
            description: 'Throws a non-OrcaOps error.',
            category: 'fixtures',
            input: z.object({}),
            output: z.object({}),
            annotations: { readOnlyHint: true },
            run: async () => {
              throw new TypeError('cannot read properties of undefined');
            },
          },
          {
            name: 'orcaops_bad_output',
            title: 'Bad output',
            description: 'Returns data that does not match its output schema.',
            category: 'fixtures',
            input: z.object({}),
            output: z.object({ count: z.number() }),
            annotations: { readOnlyHint: true },
            run: async () => ({ count: 'many' }),
          },
          {
            name: 'orcaops_find_job',
            title: 'Find job',
            description: 'Throws an OrcaError.',
            category: 'fixtures',
            input: z.object({ job_id: z.string() }),
            output: z.object({}),
            annotations: { readOnlyHint: true },
            run: async ({ job_id }) => {
              throw new OrcaError('JOB_NOT_FOUND', `No job ${job_id}.`);
            },
          },
          {
            name: 'orcaops_wait_forever',
            title: 'Wait forever',
            description: 'Waits until cancelled.',
            category: 'fixtures',
            input: z.object({}),
            output: z.object({}),
            annotations: { readOnlyHint: true },
            run: (_args, ctx) =>
              new Promise((_resolve, reject) => {
                ctx.signal.addEventListener('abort', () => reject(new OrcaError('CANCELLED', 'Stopped waiting.')), { once: true });
              }),
          },
        ],
      });
      bind(TOKENS.LifecycleContribution).toConstantValue({
        start: async () => void events.push('start'),
        stop: async () => void events.push('stop'),
      });
    }),
};
