import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CompleteRequestSchema, ErrorCode, GetPromptRequestSchema, ListPromptsRequestSchema, McpError, type Prompt } from '@modelcontextprotocol/sdk/types.js';
import type { McpCore } from './create-mcp-server.js';

interface Workflow extends Prompt {
  /** The message the prompt gives the model, from the arguments given. */
  text(args: Readonly<Record<string, string>>): string;
}

/** Workflows people reach for, each a short instruction naming the tools to use. */
export const WORKFLOWS: readonly Workflow[] = [
  {
    name: 'run-tests',
    title: 'Run this project\'s tests in a container',
    description: 'Copy a project directory into a fresh container of the given image, run its test command, and report what failed.',
    arguments: [
      { name: 'image', description: 'The image to test in, e.g. node:22 or python:3.12.', required: true },
      { name: 'command', description: 'The test command, e.g. npm ci && npm test (default: guess it from the project).' },
      { name: 'directory', description: 'The project directory to copy in (default: the current one).' },
    ],
    text: ({ image, command, directory }) =>
      `Run the tests of the project in ${directory ? `"${directory}"` : 'the current directory'} inside a fresh ${image} container with orcaops_run_job: ` +
      `copy the directory in with inputs.directories (source "${directory ?? '.'}", target "."), and run ${command ? `\`${command}\`` : 'the project\'s usual install and test commands (read its README or manifest first)'} ` +
      'as commands. Collect test reports (e.g. junit.xml, coverage summaries) as artifacts. If the job is still running when the call returns, follow it with ' +
      'orcaops_get_job_status. Then read the failing step\'s output with orcaops_get_job_logs and summarise which tests failed and why.',
  },
  {
    name: 'debug-sandbox',
    title: 'Debug a failing sandbox service',
    description: 'Find out why a sandbox service is unhealthy or exited: its state, health, logs and a command run inside it.',
    arguments: [
      { name: 'sandbox', description: 'The sandbox name (orcaops_list_sandboxes).', required: true },
      { name: 'service', description: 'The service to look at (default: the ones not healthy).' },
    ],
    text: ({ sandbox, service }) =>
      `Debug the sandbox "${sandbox}"${service ? `, service "${service}"` : ''}: call orcaops_get_sandbox to see each service's state, health and ports; ` +
      'for the service in trouble, read its container logs with orcaops_get_container_logs, and if it runs, look inside with orcaops_exec_in_sandbox ' +
      '(e.g. its listening ports, its config files). Explain the cause and the fix; restart it with orcaops_start_sandbox only if asked.',
  },
  {
    name: 'cleanup',
    title: 'Clean up what OrcaOps left',
    description: 'Review and remove stopped job containers, old runs and idle sandboxes, asking before anything is deleted.',
    arguments: [{ name: 'older_than_days', description: 'Remove runs older than this many days (default 30).' }],
    text: ({ older_than_days }) =>
      'Clean up after OrcaOps, asking me before each removal: first call orcaops_system_info and read its findings (orphaned containers, stuck runs, ' +
      `disk); then orcaops_cleanup_containers with dry_run true, and orcaops_cleanup_runs for runs older than ${older_than_days ?? '30'} days with dry_run true; ` +
      'list sandboxes with orcaops_list_sandboxes and point out stopped ones. Show what would go, and only after I agree, run the same calls for real.',
  },
];

/** Where a completion's values come from: a tool's list, and the field of each row to offer. */
const SOURCES: Readonly<Record<string, { tool: string; list: string; field: string }>> = {
  sandbox: { tool: 'orcaops_list_sandboxes', list: 'sandboxes', field: 'name' },
  // The only template with a {name} is orcaops://sandboxes/{name}/compose.
  name: { tool: 'orcaops_list_sandboxes', list: 'sandboxes', field: 'name' },
  job_id: { tool: 'orcaops_list_runs', list: 'runs', field: 'job_id' },
  template: { tool: 'orcaops_list_templates', list: 'templates', field: 'id' },
  template_id: { tool: 'orcaops_list_templates', list: 'templates', field: 'id' },
  container_id: { tool: 'orcaops_list_containers', list: 'containers', field: 'name' },
};
const COMMON_IMAGES = ['node:22', 'node:20', 'python:3.12', 'python:3.11', 'golang:1.23', 'rust:1', 'eclipse-temurin:21', 'ruby:3.3', 'debian:12', 'alpine:3.20'];
/** The protocol's most values in one completion answer. */
const MAX_VALUES = 100;

/** The prompts above, and completion of their arguments and of the resource templates' (job ids, streams). */
export function registerPrompts(server: Server, core: Promise<McpCore>): void {
  server.setRequestHandler(ListPromptsRequestSchema, async () => ({ prompts: WORKFLOWS.map(({ text: _text, ...prompt }) => prompt) }));

  server.setRequestHandler(GetPromptRequestSchema, async (request) => {
    const workflow = WORKFLOWS.find((candidate) => candidate.name === request.params.name);
    if (!workflow) throw new McpError(ErrorCode.InvalidParams, `Unknown prompt ${request.params.name.slice(0, 100)}; prompts: ${WORKFLOWS.map((w) => w.name).join(', ')}.`);
    const args = request.params.arguments ?? {};
    const missing = (workflow.arguments ?? []).filter((argument) => argument.required && !args[argument.name]);
    if (missing.length > 0) throw new McpError(ErrorCode.InvalidParams, `Prompt ${workflow.name} needs ${missing.map((argument) => argument.name).join(', ')}.`);
    return { description: workflow.description, messages: [{ role: 'user' as const, content: { type: 'text' as const, text: workflow.text(args) } }] };
  });

  server.setRequestHandler(CompleteRequestSchema, async (request) => {
    const { name, value } = request.params.argument;
    const values = (await candidates(name, core)).filter((candidate) => candidate.startsWith(value));
    return { completion: { values: values.slice(0, MAX_VALUES), total: values.length, hasMore: values.length > MAX_VALUES } };
  });
}

/** Everything an argument of that name can be; an unknown argument has no candidates (an empty answer, not an error). */
async function candidates(argument: string, core: Promise<McpCore>): Promise<string[]> {
  if (argument === 'stream') return ['stdout', 'stderr'];
  if (argument === 'image') return COMMON_IMAGES;
  const source = SOURCES[argument];
  if (!source) return [];
  const outcome = await (await core).invoker.invoke(source.tool, {});
  if (!outcome.ok) return [];
  const rows = outcome.data[source.list];
  return Array.isArray(rows) ? rows.map((row) => String((row as Record<string, unknown>)[source.field] ?? '')).filter(Boolean) : [];
}
