import { open } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  ErrorCode,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  type ReadResourceResult,
  type Resource,
} from '@modelcontextprotocol/sdk/types.js';
import { isFinalStatus, type JobStatus } from '@orcaops/contracts';
import { characterEnd } from '@orcaops/plugin-api';
import type { McpCore } from './create-mcp-server.js';

/** The run history as resources (a run's record, its two log streams, each artifact), and each sandbox's compose file. */
export const RESOURCE_TEMPLATES = [
  { uriTemplate: 'orcaops://runs/{job_id}', name: 'run', title: 'Run record', description: 'A job run as orcaops_get_run shows it (JSON).', mimeType: 'application/json' },
  { uriTemplate: 'orcaops://runs/{job_id}/logs/{stream}', name: 'run-log', title: 'Run log', description: "A job's stdout or stderr (the last part of it when the log is long); subscribe to hear when it grows.", mimeType: 'text/plain' },
  { uriTemplate: 'orcaops://runs/{job_id}/artifacts/{path}', name: 'run-artifact', title: 'Run artifact', description: 'A file a job collected: text, or base64 for binary (a first slice when large).', mimeType: 'application/octet-stream' },
  { uriTemplate: 'orcaops://sandboxes/{name}/compose', name: 'sandbox-compose', title: 'Sandbox compose file', description: "The compose file a sandbox runs from (its first 256 KiB).", mimeType: 'application/yaml' },
] as const;

/** The most of a compose file a read returns; real ones are a few KiB. */
const COMPOSE_MAX_BYTES = 256 * 1024;

/** Runs listed per page of resources/list (three resources each). */
const RUNS_PER_PAGE = 50;
/** How often a subscribed log is looked at while its job runs. */
const POLL_MS = 500;

type Parsed =
  | { kind: 'run'; jobId: string }
  | { kind: 'log'; jobId: string; stream: 'stdout' | 'stderr' }
  | { kind: 'artifact'; jobId: string; path: string }
  | { kind: 'compose'; name: string };

/** `orcaops://sandboxes/{name}/compose` as its sandbox name, or null. */
export function parseSandboxUri(uri: string): Extract<Parsed, { kind: 'compose' }> | null {
  const match = /^orcaops:\/\/sandboxes\/([^/]+)\/compose$/.exec(uri);
  if (!match) return null;
  try {
    return { kind: 'compose', name: decodeURIComponent(match[1]!) };
  } catch {
    return null;
  }
}

/** `orcaops://runs/...` as one of the three kinds, or null. */
export function parseRunUri(uri: string): Parsed | null {
  const match = /^orcaops:\/\/runs\/([^/]+)(?:\/(logs|artifacts)\/(.+))?$/.exec(uri);
  if (!match) return null;
  let jobId: string;
  let rest: string | undefined;
  try {
    jobId = decodeURIComponent(match[1]!);
    rest = match[3] === undefined ? undefined : decodeURIComponent(match[3]);
  } catch {
    return null;
  }
  if (match[2] === undefined) return { kind: 'run', jobId };
  if (match[2] === 'logs') return rest === 'stdout' || rest === 'stderr' ? { kind: 'log', jobId, stream: rest } : null;
  return { kind: 'artifact', jobId, path: rest! };
}

const runUri = (jobId: string, suffix = '') => `orcaops://runs/${encodeURIComponent(jobId)}${suffix}`;

/**
 * Resources over the same tools the client could call (orcaops_list_runs, orcaops_get_run, orcaops_get_job_logs,
 * orcaops_get_artifact), so they read what those read, within the same reply budget. Subscriptions to a log are
 * answered with `notifications/resources/updated` whenever it grows, until the job ends.
 */
export function registerResources(server: Server, core: Promise<McpCore>): void {
  const watches = new Map<string, NodeJS.Timeout>();

  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({ resourceTemplates: [...RESOURCE_TEMPLATES] }));

  server.setRequestHandler(ListResourcesRequestSchema, async (request) => {
    const offset = Number(request.params?.cursor ?? 0) || 0;
    const { invoker } = await core;
    const outcome = await invoker.invoke('orcaops_list_runs', { limit: RUNS_PER_PAGE, offset });
    if (!outcome.ok) return { resources: [] };
    const runs = outcome.data['runs'] as Array<{ job_id: string; status: string; image: string; created_at: string }>;
    const resources: Resource[] = runs.flatMap((run) => [
      { uri: runUri(run.job_id), name: `run ${run.job_id}`, title: `${run.job_id} (${run.status}, ${run.image})`, mimeType: 'application/json' },
      { uri: runUri(run.job_id, '/logs/stdout'), name: `stdout of ${run.job_id}`, mimeType: 'text/plain' },
      { uri: runUri(run.job_id, '/logs/stderr'), name: `stderr of ${run.job_id}`, mimeType: 'text/plain' },
    ]);
    // Sandboxes are few: the first page names each one's compose file.
    if (offset === 0) resources.unshift(...(await sandboxResources(invoker)));
    const next = outcome.data['next_offset'];
    return { resources, ...(typeof next === 'number' ? { nextCursor: String(next) } : {}) };
  });

  server.setRequestHandler(ReadResourceRequestSchema, async (request) => readResource(request.params.uri, await core));

  // Any URI may be subscribed to (the protocol says so); only run logs ever change, so only they are watched.
  server.setRequestHandler(SubscribeRequestSchema, async (request) => {
    const { uri } = request.params;
    const parsed = parseRunUri(uri);
    if (parsed?.kind === 'log' && !watches.has(uri)) watches.set(uri, watchLog(server, uri, parsed, core, () => watches.delete(uri)));
    return {};
  });
  server.setRequestHandler(UnsubscribeRequestSchema, async (request) => {
    clearInterval(watches.get(request.params.uri));
    watches.delete(request.params.uri);
    return {};
  });
  const previous = server.onclose;
  server.onclose = () => {
    for (const timer of watches.values()) clearInterval(timer);
    watches.clear();
    previous?.();
  };
}

async function sandboxResources(invoker: McpCore['invoker']): Promise<Resource[]> {
  const outcome = await invoker.invoke('orcaops_list_sandboxes', {});
  if (!outcome.ok) return [];
  const rows = outcome.data['sandboxes'] as Array<{ name: string }>;
  return rows.map((row) => ({ uri: `orcaops://sandboxes/${encodeURIComponent(row.name)}/compose`, name: `compose file of ${row.name}`, mimeType: 'application/yaml' }));
}

/** The first {@link COMPOSE_MAX_BYTES} of a file, and whether there was more. */
async function readHead(path: string): Promise<{ text: string; more: boolean }> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(COMPOSE_MAX_BYTES + 1);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
    const more = bytesRead > COMPOSE_MAX_BYTES;
    // A cut never leaves half a character behind.
    const end = more ? characterEnd(buffer, 0, COMPOSE_MAX_BYTES) : bytesRead;
    return { text: buffer.subarray(0, end).toString('utf8'), more };
  } finally {
    await file.close();
  }
}

async function readResource(uri: string, core: McpCore): Promise<ReadResourceResult> {
  const parsed = parseRunUri(uri) ?? parseSandboxUri(uri);
  if (!parsed) throw new McpError(ErrorCode.InvalidParams, `Unknown resource ${uri.slice(0, 200)}: OrcaOps serves orcaops://runs/{job_id}, /logs/{stdout|stderr}, /artifacts/{path} and orcaops://sandboxes/{name}/compose.`);
  const call = async (tool: string, args: Record<string, unknown>) => {
    const outcome = await core.invoker.invoke(tool, args);
    if (!outcome.ok) throw new McpError(ErrorCode.InvalidParams, `${outcome.error.code}: ${outcome.error.message} ${outcome.error.suggestion}`);
    return outcome.data;
  };
  switch (parsed.kind) {
    case 'run':
      return { contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(await call('orcaops_get_run', { job_id: parsed.jobId })) }] };
    case 'log': {
      const data = await call('orcaops_get_job_logs', { job_id: parsed.jobId, stream: parsed.stream, tail_lines: 100_000 });
      const slice = data[parsed.stream] as { text: string } | undefined;
      return { contents: [{ uri, mimeType: 'text/plain', text: slice?.text ?? '' }] };
    }
    case 'artifact': {
      const data = await call('orcaops_get_artifact', { job_id: parsed.jobId, filename: parsed.path, encoding: 'auto' });
      const content = String(data['content']);
      return { contents: [data['encoding'] === 'base64' ? { uri, mimeType: 'application/octet-stream', blob: content } : { uri, mimeType: 'text/plain', text: content }] };
    }
    case 'compose': {
      // The registry says where the sandbox's compose file is; the file itself is the user's, read as it is now.
      const data = await call('orcaops_get_sandbox', { name: parsed.name });
      const file = String(data['compose_file']);
      const path = isAbsolute(file) ? file : join(String(data['directory']), file);
      const head = await readHead(path).catch((error: NodeJS.ErrnoException) => {
        throw new McpError(ErrorCode.InvalidParams, `Cannot read the compose file of sandbox ${parsed.name} (${error.code ?? error.message}): ${path}. orcaops_get_sandbox shows its directory.`);
      });
      return { contents: [{ uri, mimeType: 'application/yaml', text: head.more ? `${head.text}\n# … cut at ${COMPOSE_MAX_BYTES} bytes` : head.text }] };
    }
  }
}

/** Polls a log's size while its job runs, telling the subscriber when it grows; stops when the job has ended. */
function watchLog(server: Server, uri: string, parsed: Extract<Parsed, { kind: 'log' }>, core: Promise<McpCore>, stopped: () => void): NodeJS.Timeout {
  let size = -1;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void core
      .then((loaded) => loaded.invoker.invoke('orcaops_get_job_logs', { job_id: parsed.jobId, stream: parsed.stream, tail_lines: 1 }))
      .then(async (outcome) => {
        if (!outcome.ok) return stop();
        const now = (outcome.data[parsed.stream] as { size?: number } | undefined)?.size ?? 0;
        if (size >= 0 && now !== size) await server.sendResourceUpdated({ uri }).catch(() => undefined);
        size = now;
        if (isFinalStatus(outcome.data['status'] as JobStatus)) stop();
      })
      .finally(() => (busy = false));
  }, POLL_MS);
  timer.unref();
  const stop = () => {
    clearInterval(timer);
    stopped();
  };
  return timer;
}
