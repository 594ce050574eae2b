import { OrcaError, type ContainerCreateSpec } from '@orcaops/plugin-api';
import type { JobSpec } from '@orcaops/contracts';
import { isCapability } from './capabilities.js';
import { parseMemory } from './job-labels.js';
import { RUNNER_ROOT } from './runner-script.js';

/** How jobs are confined and what they may ask for: the jobs plugin's `capabilities`, `defaults` and `policy` options. */
export interface JobSecurity {
  /** Capabilities every job keeps; all others are dropped. */
  readonly capabilities: readonly string[];
  /** Limits of a job that sets none. */
  readonly defaults: { readonly cpus?: number; readonly memory?: string; readonly pids?: number };
  readonly policy: JobPolicy;
}

export interface JobPolicy {
  /** Globs (`*` any text, `?` one character) matched against the image as given and in full (docker.io/library/…). */
  readonly images: { readonly allow: readonly string[]; readonly deny: readonly string[] };
  readonly maxCpus?: number;
  readonly maxMemory?: string;
  readonly maxPids?: number;
  readonly maxTimeout?: number;
  readonly networks: readonly string[];
  /** Capabilities a job may add with `capabilities`. */
  readonly extraCapabilities: readonly string[];
}

const WHERE = 'the jobs plugin options in orcaops.config.json';

function refuse(rule: string, message: string, suggestion: string): never {
  throw new OrcaError('PERMISSION_DENIED', `${message} (policy: ${rule}).`, { suggestion: `${suggestion}, or change ${rule} in ${WHERE}.` });
}

/**
 * The spec as it will run: checked against the policy, with the default limits filled in where the job set none,
 * so the run record says what the job was given. @throws OrcaError `PERMISSION_DENIED` naming the rule.
 */
export function applyJobPolicy(spec: JobSpec, security: JobSecurity): JobSpec {
  const { policy } = security;
  const refs = imageNames(spec.image);
  const denied = policy.images.deny.find((glob) => refs.some((ref) => globMatches(glob, ref)));
  if (denied !== undefined) refuse('policy.images.deny', `Image ${spec.image} matches the denied pattern "${denied}"`, 'Use another image');
  if (policy.images.allow.length > 0 && !policy.images.allow.some((glob) => refs.some((ref) => globMatches(glob, ref)))) {
    refuse('policy.images.allow', `Image ${spec.image} matches none of the allowed patterns (${policy.images.allow.join(', ')})`, 'Use an allowed image');
  }
  if (!policy.networks.includes(spec.network)) {
    refuse('policy.networks', `Network ${spec.network} is not allowed for jobs (allowed: ${policy.networks.join(', ')})`, `Use network ${policy.networks[0]}`);
  }
  const unknown = spec.capabilities.filter((name) => !isCapability(name));
  if (unknown.length > 0) throw new OrcaError('VALIDATION_ERROR', `capabilities: ${unknown.join(', ')} is not a Linux capability.`, { suggestion: 'Name capabilities as Docker does, without CAP_, e.g. NET_RAW.' });
  const extra = spec.capabilities.filter((name) => !security.capabilities.includes(name) && !policy.extraCapabilities.includes(name));
  if (extra.length > 0) {
    refuse('policy.extra_capabilities', `Capabilities ${extra.join(', ')} may not be given to jobs (allowed: ${policy.extraCapabilities.join(', ') || 'none'})`, 'Leave them out');
  }
  if (policy.maxTimeout !== undefined && spec.timeout > policy.maxTimeout) {
    refuse('policy.max_timeout', `A timeout of ${spec.timeout} s is above the ${policy.maxTimeout} s allowed`, `Ask for at most ${policy.maxTimeout}`);
  }
  const cpus = spec.cpus ?? security.defaults.cpus;
  const memory = spec.memory ?? security.defaults.memory;
  const pids = spec.pids ?? security.defaults.pids;
  if (policy.maxCpus !== undefined && cpus !== undefined && cpus > policy.maxCpus) {
    refuse('policy.max_cpus', `${cpus} CPUs is above the ${policy.maxCpus} allowed`, `Ask for at most ${policy.maxCpus}`);
  }
  if (policy.maxMemory !== undefined && memory !== undefined && parseMemory(memory) > parseMemory(policy.maxMemory)) {
    refuse('policy.max_memory', `Memory ${memory} is above the ${policy.maxMemory} allowed`, `Ask for at most ${policy.maxMemory}`);
  }
  if (policy.maxPids !== undefined && pids !== undefined && pids > policy.maxPids) {
    refuse('policy.max_pids', `${pids} processes is above the ${policy.maxPids} allowed`, `Ask for at most ${policy.maxPids}`);
  }
  return { ...spec, ...(cpus === undefined ? {} : { cpus }), ...(memory === undefined ? {} : { memory }), ...(pids === undefined ? {} : { pids }) };
}

/**
 * What confines a job's container: every capability dropped but the kept set and the job's allowed extras, no
 * gaining of privileges (setuid binaries), the job's user, and a read-only root if asked. Jobs never get a host
 * mount: inputs are copied in.
 */
export function jobContainerProfile(
  spec: JobSpec,
  security: JobSecurity,
): Pick<ContainerCreateSpec, 'capDrop' | 'capAdd' | 'noNewPrivileges' | 'user' | 'readonlyRootfs' | 'volumes' | 'tmpfs'> {
  return {
    capDrop: ['ALL'],
    capAdd: [...new Set([...security.capabilities, ...(spec.capabilities ?? [])])],
    noNewPrivileges: true,
    ...(spec.user === undefined ? {} : { user: spec.user }),
    // Read-only: the working directory and the runner's are volumes (filled before the start), /tmp is memory.
    ...(spec.read_only ? { readonlyRootfs: true, volumes: [spec.workdir, RUNNER_ROOT], tmpfs: { '/tmp': 'rw,nosuid,nodev,mode=1777' } } : {}),
  };
}

/** The image as given and as the engine names it in full (docker.io/library/alpine:latest for alpine). */
export function imageNames(ref: string): string[] {
  const [name, digest] = ref.split('@') as [string, string | undefined];
  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  const hasRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  let full = hasRegistry ? name : `docker.io/${slash === -1 ? `library/${name}` : name}`;
  const lastPart = full.slice(full.lastIndexOf('/') + 1);
  if (!digest && !lastPart.includes(':')) full = `${full}:latest`;
  if (digest) full = `${full}@${digest}`;
  return full === ref ? [ref] : [ref, full];
}

function globMatches(glob: string, text: string): boolean {
  const pattern = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${pattern}$`).test(text);
}
