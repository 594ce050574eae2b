import { statfs } from 'node:fs/promises';
import { cpus, freemem, platform, release, totalmem, arch } from 'node:os';
import { dirname } from 'node:path';
import { z } from 'zod';
import { defineTool, isOrcaError, type ComposeService, type DockerService, type HostInfo } from '@orcaops/plugin-api';
import { DockerFacts, FindingSchema, type RunStore } from '@orcaops/contracts';
import { runDoctor } from './doctor/run-doctor.js';

const Output = z.object({
  orcaops: z.object({
    version: z.string(),
    home: z.string(),
    config_file: z.string().nullable(),
    log_level: z.string(),
    node_version: z.string(),
  }),
  host: z.object({ platform: z.string(), release: z.string(), arch: z.string(), cpus: z.number(), memory_bytes: z.number(), free_memory_bytes: z.number() }),
  docker: DockerFacts,
  compose: z.object({
    available: z.boolean(),
    flavor: z.enum(['v2', 'v1']).nullable(),
    command: z.string().nullable().describe('How OrcaOps runs compose, e.g. "docker compose".'),
    version: z.string().nullable(),
  }),
  disk: z.object({
    path: z.string().describe('The directory measured: ORCAOPS_HOME, or its nearest existing parent.'),
    free_bytes: z.number(),
    total_bytes: z.number(),
  }).nullable(),
  plugins: z.object({
    loaded: z.array(z.object({ id: z.string(), source: z.string(), version: z.string().nullable(), builtin: z.boolean(), tools: z.array(z.string()) })),
    failed: z.array(z.object({ source: z.string(), builtin: z.boolean(), error: z.string() })),
  }),
  findings: z
    .array(FindingSchema)
    .describe('The health check, one finding per check (node, config, docker.engine, docker.runtime, compose, home.writable, home.disk, plugins, images, locks, containers.orphaned, runs.stuck); each warn and problem has a fix.'),
  summary: z.object({ ok: z.number(), warn: z.number(), problem: z.number() }).describe('How many findings have each status.'),
});

/** Dependencies of the system-info tool. */
export interface SystemInfoDeps {
  readonly docker: DockerService;
  readonly compose: ComposeService;
  readonly host: HostInfo;
  /** The run history, for the stuck-run and orphaned-container checks (they say they did not run without it). */
  readonly runs?: RunStore | undefined;
  readonly now?: () => Date;
}

/** `orcaops_system_info`: one call that tells whether OrcaOps can work here and why not. */
export function createSystemInfoTool({ docker, compose, host, runs, now = () => new Date() }: SystemInfoDeps) {
  return defineTool({
    name: 'orcaops_system_info',
    title: 'System information',
    category: 'system',
    http: { method: 'GET', path: '/system' },
    description:
      'Diagnoses OrcaOps: Docker engine, compose, disk, plugins, and health findings with fixes. Works with Docker down.',
    input: z.object({}),
    output: Output,
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    run: async (_args, ctx) => {
      const [engine, composeCli, disk] = await Promise.all([
        docker.info({ signal: ctx.signal }).then(
          (info) => ({ ok: true as const, info }),
          (error: unknown) => ({ ok: false as const, error }),
        ),
        compose.detect(),
        diskUsage(host.home),
      ]);
      const findings = await runDoctor({ docker, host, runs, engine, compose: composeCli, disk, signal: ctx.signal, now });
      const summary = { ok: 0, warn: 0, problem: 0 };
      for (const finding of findings) summary[finding.status]++;
      return {
        orcaops: { version: host.version, home: host.home, config_file: host.configFile, log_level: host.logLevel, node_version: process.version },
        host: { platform: platform(), release: release(), arch: arch(), cpus: cpus().length, memory_bytes: totalmem(), free_memory_bytes: freemem() },
        docker: engine.ok
          ? {
              available: true,
              endpoint: engine.info.endpoint,
              server_version: engine.info.serverVersion,
              api_version: engine.info.apiVersion,
              os: engine.info.os,
              os_type: engine.info.osType,
              architecture: engine.info.architecture,
              kernel_version: engine.info.kernelVersion,
              cpus: engine.info.cpus,
              memory_bytes: engine.info.memoryBytes,
              storage_driver: engine.info.storageDriver,
              containers: engine.info.containers,
              images: engine.info.images,
            }
          : { available: false, error: describeError(engine.error) },
        compose: composeCli
          ? { available: true, flavor: composeCli.flavor, command: composeCli.command.join(' '), version: composeCli.version }
          : { available: false, flavor: null, command: null, version: null },
        disk,
        plugins: pluginReport(host),
        findings,
        summary,
      };
    },
  });
}

function pluginReport(host: HostInfo) {
  const { loaded, failed } = host.plugins();
  return { loaded: loaded.map((plugin) => ({ ...plugin, tools: [...plugin.tools] })), failed: [...failed] };
}

function describeError(error: unknown): NonNullable<z.infer<typeof DockerFacts>['error']> {
  if (isOrcaError(error)) return { code: error.code, message: error.message, suggestion: error.suggestion };
  return { code: 'DOCKER_ERROR', message: error instanceof Error ? error.message : String(error), suggestion: 'Check the Docker engine.' };
}

/** Free space where OrcaOps will write, measured on the nearest directory that exists. */
async function diskUsage(home: string): Promise<{ path: string; free_bytes: number; total_bytes: number } | null> {
  for (let dir = home; ; dir = dirname(dir)) {
    try {
      const stats = await statfs(dir);
      return { path: dir, free_bytes: stats.bavail * stats.bsize, total_bytes: stats.blocks * stats.bsize };
    } catch {
      if (dirname(dir) === dir) return null;
    }
  }
}
