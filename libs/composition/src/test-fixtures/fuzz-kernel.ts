import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inputJsonSchema } from '@orcaops/plugin-api';
import type { Kernel } from '@orcaops/kernel';
import { MemoryLogSink, makeTempDir, type JsonSchemaNode } from '@orcaops/testing';
import { startOrcaOps } from '../start-orcaops.js';

/** The seed every fuzz run starts from unless ORCAOPS_FUZZ_SEED says otherwise (to explore, or to replay a CI run). */
export const DEFAULT_FUZZ_SEED = 0x0c0ffee;

/** The base seed of this run. */
export function fuzzSeed(): number {
  const configured = process.env['ORCAOPS_FUZZ_SEED'];
  const seed = configured ? Number(configured) : DEFAULT_FUZZ_SEED;
  if (!Number.isSafeInteger(seed)) throw new Error(`ORCAOPS_FUZZ_SEED must be an integer (decimal or 0x hex), not ${JSON.stringify(configured)}`);
  return seed >>> 0;
}

/** A kernel with every built-in plugin, confined to a temporary directory (home, working directory, sandbox roots). */
export interface FuzzKernel {
  readonly kernel: Kernel;
  /** The temporary directory everything may be written under. */
  readonly root: string;
  /** ORCAOPS_HOME. */
  readonly home: string;
  /** The working directory, the only sandbox root and job input root. */
  readonly work: string;
  stop(): Promise<void>;
}

/**
 * Starts a kernel for fuzzing. `docker: 'absent'` points the Docker endpoint at a socket that does not exist, so
 * nothing reaches a real engine; `'real'` keeps the engine the environment names.
 */
export async function startFuzzKernel(options: { docker: 'absent' | 'real' }): Promise<FuzzKernel> {
  const temp = await makeTempDir('orcaops-fuzz-');
  const home = join(temp.path, 'home');
  const work = join(temp.path, 'work');
  await mkdir(work, { recursive: true });
  await writeFile(
    join(work, 'orcaops.config.json'),
    JSON.stringify({
      plugins: [
        { plugin: '@orcaops/plugin-sandboxes', options: { roots: [work, join(home, 'sandboxes')] } },
        { plugin: '@orcaops/plugin-jobs', options: { input_roots: [work], max_queued: 20 } },
      ],
    }),
  );
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: join(temp.path, 'user'),
    ORCAOPS_HOME: home,
    ...(options.docker === 'absent'
      ? { DOCKER_HOST: `unix://${join(temp.path, 'no-docker.sock')}` }
      : pick(process.env, ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_CONFIG', 'DOCKER_CERT_PATH', 'DOCKER_TLS_VERIFY'])),
  };
  // Logs go to memory: the calls fail on purpose, and their error lines would only drown the test output.
  const kernel = await startOrcaOps({ cwd: work, env, logSink: new MemoryLogSink() }).catch(async (error: unknown) => {
    await temp.remove();
    throw error;
  });
  return {
    kernel,
    root: temp.path,
    home,
    work,
    stop: async () => {
      await kernel.stop();
      await temp.remove();
    },
  };
}

/** A tool as the fuzzer sees it: its published input schema. */
export interface FuzzTarget {
  readonly name: string;
  readonly schema: JsonSchemaNode;
  readonly readOnly: boolean;
}

/** The catalog's tools with their published input schemas. */
export function fuzzTargets(catalog: Pick<Kernel['catalog'], 'entries'>): FuzzTarget[] {
  return catalog.entries.map(({ tool }) => ({ name: tool.name, schema: inputJsonSchema(tool) as JsonSchemaNode, readOnly: tool.annotations?.readOnlyHint === true }));
}

function pick(env: NodeJS.ProcessEnv, keys: readonly string[]): NodeJS.ProcessEnv {
  return Object.fromEntries(keys.filter((key) => env[key] !== undefined).map((key) => [key, env[key]]));
}
