import { z } from 'zod';

/** Options of the sandboxes plugin (its `plugins` entry in orcaops.config.json). */
export const SandboxesOptionsSchema = z.strictObject({
  roots: z
    .array(z.string().min(1))
    .default([])
    .describe('Directories under which sandboxes may be created or registered; empty means the working directory and <ORCAOPS_HOME>/sandboxes.'),
  bind_address: z.ipv4().default('127.0.0.1').describe('Host address template ports are published on unless a create call says otherwise.'),
});

export type SandboxesOptions = z.output<typeof SandboxesOptionsSchema>;
