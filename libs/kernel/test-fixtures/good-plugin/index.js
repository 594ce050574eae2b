// A third-party-style plugin for the kernel's loader tests: plain ESM JavaScript, as published on npm.
import { z } from 'zod';
import { OrcaError, definePlugin } from '@orcaops/plugin-api';

export const events = [];

export default definePlugin({
  id: 'fixture-good',
  toolPrefix: 'fixture',
  options: z.object({ greeting: z.string().default('hello') }),
  setup: ({ options: { greeting }, services, host }) => {
    events.push(`setup:${host.role}:${typeof services.docker.ping}:${typeof services.runs.list}:${'runStore' in services}`);
    return {
      tools: [
          {
            name: 'fixture_say_hello',
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
            name: 'fixture_fail_hard',
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
            name: 'fixture_bad_output',
            title: 'Bad output',
            description: 'Returns data that does not match its output schema.',
            category: 'fixtures',
            input: z.object({}),
            output: z.object({ count: z.number() }),
            annotations: { readOnlyHint: true },
            run: async () => ({ count: 'many' }),
          },
          {
            name: 'fixture_find_job',
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
            name: 'fixture_wait_forever',
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
      start: async () => void events.push('start'),
      stop: async () => void events.push('stop'),
    };
  },
});
