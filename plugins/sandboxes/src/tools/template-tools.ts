import { z } from 'zod';
import { NameInput, defineTool, fitPage, replyRoom } from '@orcaops/plugin-api';
import { BUILTIN_TEMPLATES, findTemplate } from '../templates/builtin-templates.js';
import type { SandboxTemplate } from '../templates/template.js';

const READ_ONLY = { readOnlyHint: true, openWorldHint: false } as const;

/** Templates on one orcaops_list_templates page unless the caller asks otherwise, and at most. */
const TEMPLATE_PAGE_DEFAULT = 200;
const TEMPLATE_PAGE_MAX = 1000;

/** `orcaops_list_templates` over `templates` (the built-in ones unless a test gives others). */
export function createListTemplatesTool(templates: readonly SandboxTemplate[] = BUILTIN_TEMPLATES) {
  return defineTool({
    name: 'orcaops_list_templates',
    title: 'List sandbox templates',
    category: 'sandboxes',
    http: { method: 'GET', path: '/templates' },
    description: 'Lists the sandbox templates and their services. Details: orcaops_get_template; then orcaops_create_sandbox.',
    input: z.object({
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(TEMPLATE_PAGE_MAX).default(TEMPLATE_PAGE_DEFAULT),
    }),
    output: z.object({
      templates: z.array(z.object({ id: z.string(), name: z.string(), description: z.string(), services: z.array(z.string()) })),
      count: z.number().describe('Templates on this page.'),
      total: z.number().describe('Templates in all.'),
      next_offset: z.number().nullable().describe('offset of the next page, or null when this page is the last.'),
    }),
    annotations: READ_ONLY,
    presentation: { listField: 'templates', columns: ['id', 'description'] },
    run: async ({ offset, limit }, ctx) => {
      const rows = templates.map((t) => ({ id: t.id, name: t.name, description: t.description, services: t.services.map((s) => s.name) }));
      return fitPage(rows, { offset, limit }, replyRoom(ctx.reply), (page, next_offset) => ({
        templates: page,
        count: page.length,
        total: rows.length,
        next_offset,
      })).reply;
    },
  });
}

export const listTemplatesTool = createListTemplatesTool();

const ServiceSchema = z.object({
  name: z.string(),
  description: z.string(),
  image: z.string().describe('Default image; override with images in orcaops_create_sandbox.'),
  command: z.array(z.string()).nullable(),
  port: z.object({ container: z.number(), default_host_port: z.number(), protocol: z.enum(['http', 'tcp']) }).nullable(),
  environment: z.record(z.string(), z.string()),
  volumes: z.array(z.string()),
  healthcheck: z.array(z.string()).nullable().describe('The health check command, as compose runs it.'),
  depends_on: z.record(z.string(), z.string()),
});

export const getTemplateTool = defineTool({
  name: 'orcaops_get_template',
  title: 'Get a sandbox template',
  category: 'sandboxes',
  http: { method: 'GET', path: '/templates/{template_id}' },
  description: 'Shows a template\'s services (image, port, health check) and .env variables, which orcaops_create_sandbox can override.',
  input: z.object({ template_id: NameInput }),
  output: z.object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    services: z.array(ServiceSchema),
    variables: z.array(z.object({ name: z.string(), description: z.string(), default: z.string().nullable(), secret: z.boolean() })),
    volumes: z.array(z.string()),
    files: z.array(z.string()).describe('Files written besides the compose file, .env and README.md.'),
  }),
  annotations: READ_ONLY,
  presentation: { listField: 'services', columns: ['name', 'image', 'description'] },
  run: async ({ template_id }) => describeTemplate(findTemplate(template_id)),
});

function describeTemplate(template: SandboxTemplate) {
  return {
    id: template.id,
    name: template.name,
    description: template.description,
    services: template.services.map((s) => ({
      name: s.name,
      description: s.description,
      image: s.image,
      command: s.command ? [...s.command] : null,
      port: s.port ? { container: s.port.container, default_host_port: s.port.defaultHostPort, protocol: s.port.protocol } : null,
      environment: { ...s.environment },
      volumes: [...(s.volumes ?? [])],
      healthcheck: s.healthcheck ? [...s.healthcheck.test] : null,
      depends_on: { ...s.dependsOn },
    })),
    variables: template.variables.map((v) => ({ name: v.name, description: v.description, default: v.default ?? null, secret: v.secret ?? false })),
    volumes: [...template.volumes],
    files: Object.keys(template.files).sort(),
  };
}
