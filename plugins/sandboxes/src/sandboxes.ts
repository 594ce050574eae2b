import { realpath } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { OrcaError, type ComposeService, type ContainerSummary, type DockerService, type HostInfo, type Logger } from '@orcaops/plugin-api';
import { ComposeProject } from './project/compose-project.js';
import { execInService, type ExecRequest, type ExecResult } from './project/exec-in-service.js';
import { isEmptyOrMissing, resolveComposeFile, resolveSandboxDirectory } from './project/sandbox-paths.js';
import { homeIdOf } from './project/home-id.js';
import { COMPOSE_LABELS, belongsTo, containersByProject, ownContainers, projectContainers, sandboxStatus, type SandboxScope, type SandboxState, type SandboxStatus } from './project/sandbox-status.js';
import { waitUntilReady } from './project/wait-until-ready.js';
import { writeSandboxFiles } from './project/write-sandbox-files.js';
import { SandboxRegistry, type SandboxEntry } from './registry/sandbox-registry.js';
import { projectNameFor } from './sandbox-name.js';
import type { SandboxesOptions } from './sandboxes-options.js';
import { findTemplate } from './templates/builtin-templates.js';
import { renderTemplate, type TemplateOverrides } from './templates/render-template.js';

export interface SandboxesDeps {
  readonly docker: DockerService;
  readonly compose: ComposeService;
  readonly host: Pick<HostInfo, 'home'>;
  readonly log: Logger;
  readonly options: SandboxesOptions;
}

/** A registered sandbox with its live state. */
export interface SandboxView extends SandboxEntry {
  readonly status: SandboxStatus;
}

interface Progress {
  readonly signal: AbortSignal;
  readonly report: (message: string) => void;
}

/**
 * The sandbox domain behind the tools: the registry, template rendering, compose runs and the engine's view of
 * each project. Every method is safe to call from several processes at once.
 */
export class Sandboxes {
  readonly registry: SandboxRegistry;
  private readonly roots: readonly string[];
  private homeId: Promise<string> | null = null;

  constructor(private readonly deps: SandboxesDeps) {
    this.registry = new SandboxRegistry(deps.host.home);
    this.roots = deps.options.roots.length > 0 ? deps.options.roots.map((root) => resolve(root)) : [process.cwd(), join(deps.host.home, 'sandboxes')];
  }

  /**
   * Writes a new sandbox from a template and registers it.
   * @throws `TEMPLATE_NOT_FOUND`, `INVALID_TEMPLATE`, `SANDBOX_EXISTS` (name, or a non-empty directory without `overwrite`), `INVALID_PATH`.
   */
  async create(request: {
    template: string;
    name: string;
    directory?: string | undefined;
    overrides: Partial<TemplateOverrides>;
    overwrite: boolean;
  }): Promise<{ entry: SandboxEntry; files: string[] }> {
    const template = findTemplate(request.template);
    const directory = await resolveSandboxDirectory(request.directory ?? request.name, this.roots);
    const project = projectNameFor(request.name, await this.ownHomeId());
    const rendered = renderTemplate(template, { name: request.name, project }, { bindAddress: this.deps.options.bind_address, ...request.overrides });
    const existing = await this.registry.find(request.name);
    if (existing && !request.overwrite) throw new OrcaError('SANDBOX_EXISTS', `Sandbox "${existing.name}" already exists (in ${existing.path}).`);
    if (existing && (await this.containerCount(existing)) > 0) {
      throw new OrcaError('CONFLICT', `Sandbox "${existing.name}" has containers; it cannot be replaced while they exist.`, { suggestion: 'Stop it first with orcaops_stop_sandbox.' });
    }
    if (!request.overwrite && !(await isEmptyOrMissing(directory))) {
      throw new OrcaError('SANDBOX_EXISTS', `Directory ${directory} already exists and is not empty.`, {
        suggestion: 'Choose another directory, or pass overwrite=true to write the template files into it (other files are kept).',
      });
    }
    const entry: SandboxEntry = { name: request.name, project, template: template.id, path: directory, compose_file: rendered.composeFile, created_at: new Date().toISOString() };
    // Registered first: a name taken meanwhile by another process fails before any file is written.
    await this.registry.add(entry, { replace: request.overwrite });
    try {
      await writeSandboxFiles(directory, rendered.files);
    } catch (error) {
      await this.registry.remove(entry.name).catch(() => undefined);
      throw error;
    }
    return { entry, files: Object.keys(rendered.files).sort() };
  }

  /**
   * Registers an existing compose project directory; `project` adopts containers compose already runs under that name.
   * @throws `SANDBOX_EXISTS`, `DIR_NOT_FOUND`, `INVALID_PATH`, `NOT_FOUND`, `COMPOSE_FAILED` (the file does not validate).
   */
  async register(request: { name: string; directory: string; composeFile?: string | undefined; project?: string | undefined; signal: AbortSignal }): Promise<SandboxEntry> {
    const directory = await resolveSandboxDirectory(request.directory, this.roots);
    const composeFile = await resolveComposeFile(directory, request.composeFile);
    const entry: SandboxEntry = {
      name: request.name,
      project: request.project ?? projectNameFor(request.name, await this.ownHomeId()),
      template: null,
      path: directory,
      compose_file: composeFile,
      created_at: new Date().toISOString(),
    };
    await new ComposeProject(this.deps.compose, entry).validate({ signal: request.signal });
    await this.registry.add(entry);
    return entry;
  }

  /** Forgets a sandbox; its files stay. @throws `SANDBOX_NOT_FOUND`, `CONFLICT` while it has containers. */
  async unregister(name: string): Promise<SandboxEntry> {
    const entry = await this.registry.get(name);
    if ((await this.containerCount(entry)) > 0) {
      throw new OrcaError('CONFLICT', `Sandbox "${entry.name}" still has containers.`, { suggestion: 'Stop it first with orcaops_stop_sandbox.' });
    }
    await this.registry.remove(entry.name);
    return entry;
  }

  /** Every sandbox with its state; when the engine cannot be asked, states are `unknown` and `engineError` says why. */
  async list(signal: AbortSignal): Promise<{ sandboxes: Array<SandboxEntry & { state: SandboxState | 'unknown'; running: number; containers: number }>; engineError: string | null }> {
    const entries = await this.registry.list();
    let byProject: Map<string, ContainerSummary[]> | null = null;
    let engineError: string | null = null;
    try {
      byProject = await containersByProject(this.deps.docker, { signal });
    } catch (error) {
      engineError = error instanceof Error ? error.message : String(error);
    }
    const scopes = await Promise.all(entries.map((entry) => scopeOf(entry)));
    const sandboxes = entries.map((entry, index) => {
      const containers = (byProject?.get(entry.project) ?? []).filter((c) => belongsTo(c, scopes[index]!));
      return {
        ...entry,
        state: byProject ? sandboxStatus(containers).state : ('unknown' as const),
        running: containers.filter((c) => c.state === 'running').length,
        containers: containers.length,
      };
    });
    return { sandboxes, engineError };
  }

  /** Re-checks a sandbox's directory and compose file; returns what is wrong (nothing when it is fine). */
  async problems(entry: SandboxEntry, signal: AbortSignal): Promise<string[]> {
    try {
      await new ComposeProject(this.deps.compose, entry).validate({ signal });
      return [];
    } catch (error) {
      return [error instanceof Error ? error.message : String(error)];
    }
  }

  /** @throws `SANDBOX_NOT_FOUND`. */
  async get(name: string, signal: AbortSignal): Promise<SandboxView> {
    const entry = await this.registry.get(name);
    const project = new ComposeProject(this.deps.compose, entry);
    const [containers, declared] = await Promise.all([
      ownContainers(this.deps.docker, await scopeOf(entry), { signal }),
      // The declared services show which ones have no container yet; a broken compose file still leaves the live view.
      project.services({ signal }).catch((error: unknown) => {
        this.deps.log.debug('could not read the services of a sandbox', { sandbox: entry.name, error: String(error) });
        return [];
      }),
    ]);
    return { ...entry, status: sandboxStatus(containers, declared) };
  }

  /** `compose up`, then waits for the services. @throws `SANDBOX_NOT_FOUND`, `START_FAILED`, `TIMEOUT`, `DOCKER_COMPOSE_NOT_FOUND`. */
  async start(name: string, wait: { until: 'none' | 'running' | 'healthy'; timeoutMs: number }, progress: Progress): Promise<SandboxView> {
    const entry = await this.registry.get(name);
    const scope = await this.refuseForeign(entry, 'start', progress.signal);
    const project = new ComposeProject(this.deps.compose, entry);
    // The service list is only needed once `up` is done; reading it meanwhile saves a compose start-up (~0.7 s with v1).
    const [services] = await Promise.all([project.services({ signal: progress.signal }), project.up({ signal: progress.signal, onLine: progress.report })]);
    const status =
      wait.until === 'none'
        ? sandboxStatus(await ownContainers(this.deps.docker, scope, { signal: progress.signal }), services)
        : await waitUntilReady({
            docker: this.deps.docker,
            scope,
            sandbox: entry.name,
            services,
            until: wait.until,
            timeoutMs: wait.timeoutMs,
            signal: progress.signal,
            onChange: progress.report,
          });
    return { ...entry, status };
  }

  /** `compose down`: removes containers and networks, and volumes when asked. */
  async stop(name: string, request: { volumes: boolean; timeoutSeconds: number }, progress: Progress): Promise<{ entry: SandboxEntry; removed: number }> {
    const entry = await this.registry.get(name);
    await this.refuseForeign(entry, 'stop', progress.signal);
    const before = await this.containerCount(entry, progress.signal);
    await new ComposeProject(this.deps.compose, entry).down(request.volumes, request.timeoutSeconds, { signal: progress.signal, onLine: progress.report });
    const after = await this.containerCount(entry, progress.signal);
    return { entry, removed: before - after };
  }

  /** Runs a command in a service container. @throws `SANDBOX_NOT_FOUND`, `NOT_FOUND`, `TIMEOUT`. */
  async exec(name: string, request: ExecRequest, signal: AbortSignal): Promise<ExecResult> {
    const entry = await this.registry.get(name);
    return execInService(this.deps.docker, entry, await scopeOf(entry), request, signal);
  }

  private ownHomeId(): Promise<string> {
    this.homeId ??= homeIdOf(this.deps.host.home);
    return this.homeId;
  }

  /**
   * Compose acts on a whole project: `up` would recreate, and `down` remove, containers of the same project name
   * that were started from another directory (another OrcaOps home's sandbox, or a project run by hand). Such a
   * clash is refused instead. Sandboxes created by OrcaOps cannot clash (their project carries the home's id);
   * registered ones with an explicit project can.
   * @throws `CONFLICT` naming the other directory.
   */
  private async refuseForeign(entry: SandboxEntry, action: 'start' | 'stop', signal: AbortSignal): Promise<SandboxScope> {
    const scope = await scopeOf(entry);
    const { foreign } = await projectContainers(this.deps.docker, scope, { signal });
    if (foreign.length > 0) {
      const elsewhere = [...new Set(foreign.map((c) => c.labels[COMPOSE_LABELS.workingDir]))].join(', ');
      throw new OrcaError('CONFLICT', `Compose project "${entry.project}" on this engine also has containers started from ${elsewhere}, not from sandbox "${entry.name}" (${entry.path}); to ${action} it would ${action === 'start' ? 'replace' : 'stop'} them.`, {
        suggestion: `Those belong to another sandbox (perhaps another OrcaOps home) or to a project run by hand. Register this directory again under another project name (orcaops_remove_sandbox, then orcaops_register_sandbox with project), or stop the other one where it was started.`,
        details: { project: entry.project, directories: [...new Set(foreign.map((c) => c.labels[COMPOSE_LABELS.workingDir]))], containers: foreign.map((c) => c.name) },
      });
    }
    return scope;
  }

  private async containerCount(entry: SandboxEntry, signal?: AbortSignal): Promise<number> {
    return (await ownContainers(this.deps.docker, await scopeOf(entry), signal ? { signal } : {})).length;
  }
}

/** The sandbox's project and directory, as registered and resolved through symbolic links. */
async function scopeOf(entry: SandboxEntry): Promise<SandboxScope> {
  const real = await realpath(entry.path).catch(() => entry.path);
  return { project: entry.project, directories: [...new Set([entry.path, real])] };
}
