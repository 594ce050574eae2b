import type Dockerode from 'dockerode';
import type { DockerEndpoint, EngineInfo } from '@orcaops/plugin-api';

type RawEngineFacts = Record<string, unknown>;

/** dockerode accepts `abortSignal` on these calls, though its published types do not say so. */
interface AbortableEngineCalls {
  ping(options: { abortSignal?: AbortSignal | undefined }): Promise<unknown>;
  info(options: { abortSignal?: AbortSignal | undefined }): Promise<RawEngineFacts>;
  version(options: { abortSignal?: AbortSignal | undefined }): Promise<RawEngineFacts>;
}

function engineCalls(client: Dockerode): AbortableEngineCalls {
  return client as unknown as AbortableEngineCalls;
}

export async function ping(client: Dockerode, signal: AbortSignal | undefined): Promise<void> {
  await engineCalls(client).ping({ abortSignal: signal });
}

export async function info(client: Dockerode, endpoint: DockerEndpoint, signal: AbortSignal | undefined): Promise<EngineInfo> {
  const [info, version] = await Promise.all([engineCalls(client).info({ abortSignal: signal }), engineCalls(client).version({ abortSignal: signal })]);
  return {
    endpoint,
    serverVersion: String(version.Version ?? info.ServerVersion ?? 'unknown'),
    apiVersion: String(version.ApiVersion ?? 'unknown'),
    os: String(info.OperatingSystem ?? version.Os ?? 'unknown'),
    osType: String(info.OSType ?? version.Os ?? 'unknown'),
    architecture: String(info.Architecture ?? version.Arch ?? 'unknown'),
    kernelVersion: String(info.KernelVersion ?? version.KernelVersion ?? 'unknown'),
    cpus: Number(info.NCPU ?? 0),
    memoryBytes: Number(info.MemTotal ?? 0),
    storageDriver: String(info.Driver ?? 'unknown'),
    containers: {
      total: Number(info.Containers ?? 0),
      running: Number(info.ContainersRunning ?? 0),
      paused: Number(info.ContainersPaused ?? 0),
      stopped: Number(info.ContainersStopped ?? 0),
    },
    images: Number(info.Images ?? 0),
    ...engineFlavor(info, version),
  };
}

/** What tells Docker Engine, rootless Docker, Docker Desktop and Podman apart; only what the engine reported. */
function engineFlavor(info: RawEngineFacts, version: RawEngineFacts): Pick<EngineInfo, 'securityOptions' | 'platformName' | 'components'> {
  const securityOptions = Array.isArray(info.SecurityOptions) ? info.SecurityOptions.filter((option): option is string => typeof option === 'string') : undefined;
  const platform = version.Platform as { Name?: unknown } | undefined;
  const platformName = typeof platform?.Name === 'string' && platform.Name !== '' ? platform.Name : undefined;
  const components = Array.isArray(version.Components)
    ? version.Components.map((component: { Name?: unknown }) => component?.Name).filter((name): name is string => typeof name === 'string')
    : undefined;
  return { ...(securityOptions ? { securityOptions } : {}), ...(platformName ? { platformName } : {}), ...(components ? { components } : {}) };
}
