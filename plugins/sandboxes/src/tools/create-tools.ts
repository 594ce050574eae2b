import { z } from 'zod';
import { NameInput, PathInput, defineTool } from '@orcaops/plugin-api';
import { IMAGE_REF_PATTERN } from '@orcaops/contracts';
import { SandboxNameSchema } from '../sandbox-name.js';
import type { Sandboxes } from '../sandboxes.js';
import { SandboxEntrySchema, toEntryOutput } from './sandbox-schemas.js';

// `$`, quotes, `#`, `\` and white space would be read differently by compose v1 and v2 in `.env`.
const VARIABLE_VALUE = /^[^\s$"'`\\#]*$/;

export function createCreateSandboxTool(sandboxes: Sandboxes) {
  return defineTool({
    name: 'orcaops_create_sandbox',
    title: 'Create a sandbox',
    category: 'sandboxes',
    http: { method: 'POST', path: '/sandboxes' },
    description:
      'Creates a sandbox from a template (orcaops_list_templates): compose file, .env and README in a new directory. Start it ' +
      'with orcaops_start_sandbox.',
    input: z.object({
      template: NameInput,
      name: SandboxNameSchema,
      directory: PathInput.optional().describe('Default ./<name>.'),
      images: z.record(z.string(), z.string().regex(IMAGE_REF_PATTERN, 'must be an image reference')).optional().describe('Service to image.'),
      ports: z.record(z.string(), z.number().int().min(0).max(65535)).optional().describe('Service to host port; 0 picks a free one.'),
      variables: z
        .record(z.string(), z.string().max(512).regex(VARIABLE_VALUE, 'must not contain white space, quotes, $, # or \\'))
        .optional(),
      bind_address: z.ipv4().optional().describe('Default 127.0.0.1, this machine only.'),
      overwrite: z.boolean().default(false).describe('Reuse a stopped sandbox\'s name and a non-empty directory.'),
    }),
    output: z.object({ sandbox: SandboxEntrySchema, files: z.array(z.string()).describe('Files written, relative to the directory.') }),
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    run: async ({ template, name, directory, images, ports, variables, bind_address, overwrite }) => {
      const { entry, files } = await sandboxes.create({
        template,
        name,
        directory,
        overwrite,
        overrides: { ...(images ? { images } : {}), ...(ports ? { ports } : {}), ...(variables ? { variables } : {}), ...(bind_address ? { bindAddress: bind_address } : {}) },
      });
      return { sandbox: toEntryOutput(entry), files };
    },
  });
}

export function createRegisterSandboxTool(sandboxes: Sandboxes) {
  return defineTool({
    name: 'orcaops_register_sandbox',
    title: 'Register a compose project',
    category: 'sandboxes',
    http: { method: 'POST', path: '/sandboxes/register' },
    description:
      'Registers an existing compose project directory as a sandbox. Start it with orcaops_start_sandbox.',
    input: z.object({
      name: SandboxNameSchema,
      directory: PathInput,
      compose_file: PathInput.optional(),
      project: NameInput.regex(/^[a-z0-9][a-z0-9_-]*$/, 'compose project names are lower-case letters, digits, "_" and "-"')
        .optional()
        .describe('To adopt containers running under this compose project.'),
    }),
    output: z.object({ sandbox: SandboxEntrySchema }),
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    run: async ({ name, directory, compose_file, project }, ctx) => ({
      sandbox: toEntryOutput(await sandboxes.register({ name, directory, composeFile: compose_file, project, signal: ctx.signal })),
    }),
  });
}
