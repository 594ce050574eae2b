import { OrcaError, type ContainerCreateSpec } from '@orcaops/plugin-api';

/** The Engine API body of `POST /containers/create` (the subset OrcaOps sets). */
export interface CreateBody {
  Image: string;
  Cmd: string[];
  Entrypoint?: string[];
  Env?: string[];
  WorkingDir?: string;
  User?: string;
  Labels: Record<string, string>;
  Tty: false;
  OpenStdin: false;
  AttachStdin: false;
  AttachStdout: false;
  AttachStderr: false;
  HostConfig: {
    Init?: boolean;
    NetworkMode?: 'bridge' | 'none';
    NanoCpus?: number;
    Memory?: number;
    PidsLimit?: number;
    CapDrop?: string[];
    CapAdd?: string[];
    SecurityOpt?: string[];
    ReadonlyRootfs?: boolean;
    Tmpfs?: Record<string, string>;
    Mounts?: Array<{ Type: 'volume'; Target: string }>;
  };
}

/**
 * Maps a {@link ContainerCreateSpec} to the Engine API body. The command is an argv array handed to the engine
 * as is: nothing goes through a shell, so no quoting can change what runs. No TTY, so output is multiplexed
 * (stdout and stderr stay apart).
 */
export function toCreateBody(spec: ContainerCreateSpec): CreateBody {
  const body: CreateBody = {
    Image: spec.image,
    Cmd: [...spec.command],
    Labels: { ...spec.labels },
    Tty: false,
    OpenStdin: false,
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    HostConfig: {},
  };
  if (spec.entrypoint !== undefined) {
    // `[]` clears the image's entrypoint; the engine reads `[""]` as "clear" (what `docker run --entrypoint ""` sends).
    body.Entrypoint = spec.entrypoint.length === 0 ? [''] : [...spec.entrypoint];
  }
  if (spec.env !== undefined) body.Env = toEnvList(spec.env);
  if (spec.workdir !== undefined) body.WorkingDir = spec.workdir;
  if (spec.user !== undefined) body.User = spec.user;
  if (spec.init !== undefined) body.HostConfig.Init = spec.init;
  if (spec.network !== undefined) body.HostConfig.NetworkMode = spec.network;
  if (spec.nanoCpus !== undefined) body.HostConfig.NanoCpus = spec.nanoCpus;
  if (spec.memoryBytes !== undefined) body.HostConfig.Memory = spec.memoryBytes;
  if (spec.pidsLimit !== undefined) body.HostConfig.PidsLimit = spec.pidsLimit;
  if (spec.capDrop !== undefined) body.HostConfig.CapDrop = [...spec.capDrop];
  if (spec.capAdd !== undefined) body.HostConfig.CapAdd = [...spec.capAdd];
  if (spec.noNewPrivileges) body.HostConfig.SecurityOpt = ['no-new-privileges:true'];
  if (spec.readonlyRootfs) body.HostConfig.ReadonlyRootfs = true;
  if (spec.tmpfs !== undefined) body.HostConfig.Tmpfs = { ...spec.tmpfs };
  // Anonymous volumes only (no Source): nothing of the host is ever mounted.
  if (spec.volumes !== undefined) body.HostConfig.Mounts = spec.volumes.map((target) => ({ Type: 'volume', Target: target }));
  return body;
}

/** `KEY=VALUE` entries, as the engine takes them for containers and execs. */
export function toEnvList(env: Readonly<Record<string, string>>): string[] {
  return Object.entries(env).map(([key, value]) => {
    if (key === '' || key.includes('=')) {
      throw new OrcaError('VALIDATION_ERROR', `Invalid environment variable name "${key}": it must be non-empty and contain no "=".`);
    }
    return `${key}=${value}`;
  });
}
