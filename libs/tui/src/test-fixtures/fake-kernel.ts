import type { ToolOutcome } from '@orcaops/plugin-api';
import type { TuiCatalog, TuiInvokeOptions, TuiInvoker, TuiTool } from '../types.js';

/** An input schema stand-in: `{}` is valid, as for a zod object whose fields are all optional. */
const acceptsEmpty = { safeParse: () => ({ success: true }) };
/** An input schema stand-in with a required `job_id`. */
const needsJobId = { safeParse: (value: unknown) => ({ success: typeof value === 'object' && value !== null && 'job_id' in value }) };

/** Three tools in two categories; the first one needs input so that "down, enter" reaches the runnable one. */
export const FAKE_TOOLS: readonly TuiTool[] = [
  {
    name: 'orcaops_get_job_status',
    title: 'Job status',
    category: 'jobs',
    description: 'Shows the status of one job. Call it after orcaops_submit_job.',
    annotations: { readOnlyHint: true },
    input: needsJobId,
  },
  {
    name: 'orcaops_system_info',
    title: 'System information',
    category: 'system',
    description: 'Diagnoses the OrcaOps installation. Call it first.',
    annotations: { readOnlyHint: true, idempotentHint: true },
    input: acceptsEmpty,
  },
  {
    name: 'orcaops_cleanup_containers',
    title: 'Clean up stopped containers',
    category: 'system',
    description: 'Removes stopped containers that OrcaOps created.',
    annotations: { readOnlyHint: false, destructiveHint: true },
    input: acceptsEmpty,
  },
];

export function fakeCatalog(tools: readonly TuiTool[] = FAKE_TOOLS): TuiCatalog {
  return {
    byCategory: () => {
      const groups = new Map<string, TuiTool[]>();
      for (const tool of tools) groups.set(tool.category, [...(groups.get(tool.category) ?? []), tool]);
      return groups;
    },
  };
}

/** One call the fake invoker received; the test decides when and how it ends. */
export interface PendingCall {
  readonly name: string;
  readonly args: unknown;
  readonly options: TuiInvokeOptions | undefined;
  resolve(outcome: ToolOutcome): void;
}

/** An invoker whose calls stay pending until the test resolves them, so "running…" can be observed. */
export function fakeInvoker(): TuiInvoker & { readonly calls: PendingCall[] } {
  const calls: PendingCall[] = [];
  return {
    calls,
    invoke: (name, args, options) => new Promise<ToolOutcome>((resolve) => calls.push({ name, args, options, resolve })),
  };
}

/** Data shaped like orcaops_system_info's output. */
export const SYSTEM_INFO_DATA = {
  orcaops: { version: '9.9.9', home: '/tmp/orca-home', config_file: null, log_level: 'warn' },
  host: { platform: 'linux', cpus: 4, memory_bytes: 8 * 1024 ** 3, free_memory_bytes: 1536 * 1024 ** 2 },
  docker: { available: false, error: { code: 'DOCKER_UNAVAILABLE', message: 'connect ENOENT /var/run/docker.sock', suggestion: 'Start Docker.' } },
  plugins: {
    loaded: [{ id: 'system', source: '@orcaops/plugin-system', version: '0.1.0', builtin: true, tools: ['orcaops_system_info', 'orcaops_cleanup_containers'] }],
    failed: [],
  },
};
