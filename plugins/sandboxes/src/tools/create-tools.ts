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
      'Creates a sandbox from a template (see orcaops_list_templates): writes docker-compose.yml, .env (with generated secrets) ' +
      'and a README into a new directory and registers the sandbox; it does not start it (orcaops_start_sandbox does). Override ' +
      'service images (e.g. local or mirrored ones), host ports (0 picks a free port) and variables. Refuses an existing sandbox ' +
      'name or a non-empty directory unless overwrite=true.',
    input: z.object({
      template: NameInput.describe('Template id, e.g. web-dev, python-ml, api-testing.'),
      name: SandboxNameSchema,
      directory: PathInput.optional().describe('Where to write the sandbox; default ./<name> (relative to the OrcaOps working directory).'),
      images: z.record(z.string(), z.string().regex(IMAGE_REF_PATTERN, 'must be an image reference')).optional().describe('Service → image, replacing the template default.'),
      ports: z.record(z.string(), z.number().int().min(0).max(65535)).optional().describe('Service → host port for its published port; 0 lets the engine choose.'),
      variables: z
        .record(z.string(), z.string().max(512).regex(VARIABLE_VALUE, 'must not contain white space, quotes, $, # or \\'))
        .optional()
        .describe('Variable → value for .env (see orcaops_get_template).'),
      bind_address: z.ipv4().optional().describe('Host address to publish ports on (default 127.0.0.1: reachable from this machine only).'),
      overwrite: z.boolean().default(false).describe('Replace a stopped sandbox of the same name and write into a non-empty directory (other files are kept).'),
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
      'Registers an existing compose project directory as a sandbox, so the sandbox tools can start, stop and inspect it. The ' +
      'compose file (default: compose.yaml, compose.yml, docker-compose.yaml or docker-compose.yml) must be inside the directory ' +
      'and is validated with compose. Pass project to adopt containers compose already runs under another project name.',
    input: z.object({
      name: SandboxNameSchema,
      directory: PathInput.describe('The compose project directory.'),
      compose_file: PathInput.optional().describe('Compose file, relative to the directory.'),
      project: NameInput.regex(/^[a-z0-9][a-z0-9_-]*$/, 'compose project names are lower-case letters, digits, "_" and "-"')
        .optional()
        .describe('Compose project name; default the sandbox name in lower case plus the id of this OrcaOps home (e.g. shop-1a2b3c4d), so that it never clashes with a sandbox of another home.'),
    }),
    output: z.object({ sandbox: SandboxEntrySchema }),
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    run: async ({ name, directory, compose_file, project }, ctx) => ({
      sandbox: toEntryOutput(await sandboxes.register({ name, directory, composeFile: compose_file, project, signal: ctx.signal })),
    }),
  });
}
