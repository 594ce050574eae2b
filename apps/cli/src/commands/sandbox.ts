import { resolve } from 'node:path';
import type { z } from 'zod';
import type { FittedSandboxView, SandboxRow } from '@orcaops/contracts';
import { writeOut, type CliIo } from '../cli-io.js';
import type { SandboxFlags } from '../human-args.js';
import { writeBytes } from '../human/follow-logs.js';
import { printable, renderTable, terminalWidth } from '../human/table.js';
import { allPages, withTools, type ToolSession } from '../human/tool-session.js';
import { EXIT } from './run.js';

type Row = z.infer<typeof SandboxRow>;
type View = z.infer<typeof FittedSandboxView>;

/** `orcaops sandbox list|templates|create|up|down|exec|remove`: the sandbox tools, for people. */
export async function sandboxCommand(flags: SandboxFlags, io: CliIo): Promise<number> {
  return withTools(flags, io, async (tools) => {
    switch (flags.action) {
      case 'list':
        return list(tools, flags.quiet);
      case 'templates':
        return templates(tools, flags.quiet);
      case 'create':
        return report(tools, await tools.call('orcaops_create_sandbox', createArgs(flags, io.cwd)), (reply) => {
          const sandbox = reply['sandbox'] as { name: string; directory: string };
          return `Created sandbox ${sandbox.name} in ${sandbox.directory}. Start it with: orcaops sandbox up ${sandbox.name}`;
        });
      case 'up':
        return report(tools, await tools.call('orcaops_start_sandbox', { name: flags.name, ...(flags.wait === undefined ? {} : { wait: flags.wait }) }), (reply) => describe(reply as View));
      case 'down':
        return report(tools, await tools.call('orcaops_stop_sandbox', { name: flags.name, volumes: flags.volumes }), (reply) =>
          `Stopped sandbox ${flags.name}: ${String(reply['containers_removed'])} containers removed${reply['volumes_removed'] ? ', volumes removed' : ''}.`,
        );
      case 'exec':
        return exec(tools, flags.name, flags.service, flags.command);
      case 'remove':
        return report(tools, await tools.call('orcaops_remove_sandbox', { name: flags.name }), (reply) => {
          const sandbox = reply['sandbox'] as { name: string; directory: string };
          return `Removed sandbox ${sandbox.name} from OrcaOps; its directory ${sandbox.directory} is left as it is.`;
        });
    }
  });
}

function createArgs(flags: Extract<SandboxFlags, { action: 'create' }>, cwd: string): Record<string, unknown> {
  return {
    template: flags.template,
    name: flags.name,
    ...(flags.dir === undefined ? {} : { directory: resolve(cwd, flags.dir) }),
    ...(Object.keys(flags.images).length === 0 ? {} : { images: flags.images }),
    ...(Object.keys(flags.ports).length === 0 ? {} : { ports: flags.ports }),
  };
}

async function templates(tools: ToolSession, quiet: boolean): Promise<number> {
  const listed = await allPages<{ id: string; name: string; description: string; services: string[] }>(tools, 'orcaops_list_templates', {}, 'templates');
  if (!listed) return 1;
  if (tools.json) await tools.printSuccess({ ...listed.first, templates: listed.rows, count: listed.rows.length, next_offset: null });
  else if (quiet) await tools.print(listed.rows.map((template) => template.id).join('\n'));
  else {
    const table = renderTable(listed.rows, [
      { header: 'TEMPLATE', cell: (template) => template.id },
      { header: 'SERVICES', cell: (template) => template.services.join(',') },
      { header: 'DESCRIPTION', cell: (template) => template.description, shrink: true },
    ], terminalWidth(tools.io.stdout));
    await tools.print(table);
  }
  return 0;
}

async function report(tools: ToolSession, reply: Record<string, unknown> | null, say: (reply: Record<string, unknown>) => string): Promise<number> {
  if (!reply) return 1;
  if (tools.json) await tools.printSuccess(reply);
  else await tools.print(say(reply));
  return 0;
}

async function list(tools: ToolSession, quiet: boolean): Promise<number> {
  const listed = await allPages<Row>(tools, 'orcaops_list_sandboxes', {}, 'sandboxes');
  if (!listed) return 1;
  const { rows, first } = listed;
  if (tools.json) await tools.printSuccess({ ...first, sandboxes: rows, count: rows.length, next_offset: null });
  else if (quiet) await tools.print(rows.map((row) => row.name).join('\n'));
  else if (rows.length === 0) await tools.print('No sandboxes yet. Make one with: orcaops sandbox create TEMPLATE NAME (templates: orcaops sandbox templates)');
  else {
    const table = renderTable(rows, [
      { header: 'NAME', cell: (row) => row.name },
      { header: 'TEMPLATE', cell: (row) => row.template ?? '(compose)' },
      { header: 'STATUS', cell: (row) => row.status },
      { header: 'RUNNING', cell: (row) => `${row.running}/${row.containers}`, align: 'right' },
      { header: 'DIRECTORY', cell: (row) => row.directory, shrink: true, keep: 'end' },
    ], terminalWidth(tools.io.stdout));
    await tools.print(table);
  }
  if (!tools.json && first['engine_error']) await tools.print(`(states unknown: ${String(first['engine_error'])})`);
  return 0;
}

/** A started sandbox: its state, each service's containers, and where to reach it. */
function describe(view: View): string {
  const lines = [`Sandbox ${view.name} is ${view.status}.`];
  for (const service of view.services) {
    for (const container of service.containers) lines.push(`  ${service.name}: ${container.state}${container.health ? ` (${container.health})` : ''}`);
  }
  for (const endpoint of view.endpoints) lines.push(`  ${endpoint.service} port ${endpoint.container_port} → ${endpoint.address}`);
  // A registered compose project names its own services: shown as text only.
  return lines.map(printable).join('\n');
}

/** Runs the command in the service's container; its output (exact bytes) to stdout and stderr, its exit code as ours. */
async function exec(tools: ToolSession, name: string, service: string, command: readonly string[]): Promise<number> {
  const reply = await tools.call('orcaops_exec_in_sandbox', { name, service, command: [...command], encoding: 'base64' });
  if (!reply) return EXIT.orcaopsError;
  if (tools.json) await tools.printSuccess(reply);
  else {
    await writeBytes(tools.io.stdout, Buffer.from(reply['stdout'] as string, 'base64'));
    await writeBytes(tools.io.stderr, Buffer.from(reply['stderr'] as string, 'base64'));
    if (reply['truncated']) await writeOut(tools.io.stderr, 'orcaops: older output was left out (orcaops_exec_in_sandbox keeps the newest).\n');
  }
  return reply['exit_code'] as number;
}
