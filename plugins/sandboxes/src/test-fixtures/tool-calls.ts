import type { AnyToolDefinition } from '@orcaops/plugin-api';
import { dockerCli, silentLogger } from '@orcaops/testing';

/** Calls a tool the way the kernel does: parse input, run, parse output. */
export async function callTool(tools: readonly AnyToolDefinition[], name: string, args: unknown, onProgress?: (message: string) => void): Promise<any> {
  const tool = tools.find((candidate) => candidate.name === name);
  if (!tool) throw new Error(`no tool ${name}`);
  const data = await tool.run(tool.input.parse(args), {
    signal: new AbortController().signal,
    log: silentLogger,
    progress: (update) => onProgress?.(update.message ?? ''),
  });
  return tool.output.parse(data);
}

/** Removes whatever compose created for a project (containers, networks, volumes: compose labels them all). */
export async function removeComposeProject(project: string): Promise<void> {
  const filter = `label=com.docker.compose.project=${project}`;
  const containers = await dockerCli(['ps', '-aq', '--filter', filter]);
  if (containers) await dockerCli(['rm', '-f', '-v', ...containers.split('\n')]);
  const networks = await dockerCli(['network', 'ls', '-q', '--filter', filter]);
  if (networks) await dockerCli(['network', 'rm', ...networks.split('\n')]);
  const volumes = await dockerCli(['volume', 'ls', '-q', '--filter', filter]);
  if (volumes) await dockerCli(['volume', 'rm', '-f', ...volumes.split('\n')]);
}

/** What compose left of a project on the engine. */
export async function composeResources(project: string): Promise<{ containers: string[]; networks: string[]; volumes: string[] }> {
  const filter = `label=com.docker.compose.project=${project}`;
  const list = async (args: string[]) => (await dockerCli([...args, '--filter', filter])).split('\n').filter(Boolean);
  return { containers: await list(['ps', '-aq']), networks: await list(['network', 'ls', '-q']), volumes: await list(['volume', 'ls', '-q']) };
}
