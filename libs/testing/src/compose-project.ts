import { dockerCli } from './docker-cli.js';

/** What compose left of a project on the engine: it labels every container, network and volume it creates. */
export async function composeResources(project: string): Promise<{ containers: string[]; networks: string[]; volumes: string[] }> {
  const filter = `label=com.docker.compose.project=${project}`;
  const list = async (args: string[]) => (await dockerCli([...args, '--filter', filter])).split('\n').filter(Boolean);
  return { containers: await list(['ps', '-aq']), networks: await list(['network', 'ls', '-q']), volumes: await list(['volume', 'ls', '-q']) };
}

/** Removes whatever compose created for a project (containers, then networks and volumes), pass or fail of the test. */
export async function removeComposeProject(project: string): Promise<void> {
  const left = await composeResources(project);
  if (left.containers.length > 0) await dockerCli(['rm', '-f', '-v', ...left.containers]);
  if (left.networks.length > 0) await dockerCli(['network', 'rm', ...left.networks]);
  if (left.volumes.length > 0) await dockerCli(['volume', 'rm', '-f', ...left.volumes]);
}
