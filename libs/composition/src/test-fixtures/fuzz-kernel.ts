import { inputJsonSchema } from '@orcaops/plugin-api';
import type { Kernel } from '@orcaops/kernel';
import { MemoryLogSink, makeFuzzHome, type FuzzHome, type JsonSchemaNode } from '@orcaops/testing';
import { startOrcaOps } from '../start-orcaops.js';

/** A kernel with every built-in plugin, confined to a temporary directory (home, working directory, sandbox roots). */
export interface FuzzKernel extends Omit<FuzzHome, 'env' | 'remove'> {
  readonly kernel: Kernel;
  stop(): Promise<void>;
}

/**
 * Starts a kernel for fuzzing in a fresh {@link makeFuzzHome}. `docker: 'absent'` points the Docker endpoint at a
 * socket that does not exist, so nothing reaches a real engine; `'real'` keeps the engine the environment names.
 */
export async function startFuzzKernel(options: { docker: 'absent' | 'real' }): Promise<FuzzKernel> {
  const fuzzHome = await makeFuzzHome(options);
  const { root, home, work, env } = fuzzHome;
  // Logs go to memory: the calls fail on purpose, and their error lines would only drown the test output.
  const kernel = await startOrcaOps({ cwd: work, env, logSink: new MemoryLogSink() }).catch(async (error: unknown) => {
    await fuzzHome.remove();
    throw error;
  });
  return {
    kernel,
    root,
    home,
    work,
    stop: async () => {
      await kernel.stop();
      await fuzzHome.remove();
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
