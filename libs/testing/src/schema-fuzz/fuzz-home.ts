import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir } from '../temp-dir.js';

/** The seed every fuzz run starts from unless ORCAOPS_FUZZ_SEED says otherwise (to explore, or to replay a CI run). */
export const DEFAULT_FUZZ_SEED = 0x0c0ffee;

/** The base seed of this run: ORCAOPS_FUZZ_SEED (decimal or 0x hex) or {@link DEFAULT_FUZZ_SEED}. */
export function fuzzSeed(): number {
  const configured = process.env['ORCAOPS_FUZZ_SEED'];
  const seed = configured ? Number(configured) : DEFAULT_FUZZ_SEED;
  if (!Number.isSafeInteger(seed)) throw new Error(`ORCAOPS_FUZZ_SEED must be an integer (decimal or 0x hex), not ${JSON.stringify(configured)}`);
  return seed >>> 0;
}

/** A temporary OrcaOps home for fuzzing: everything a kernel started from it may write is under `root`. */
export interface FuzzHome {
  /** The temporary directory everything may be written under. */
  readonly root: string;
  /** ORCAOPS_HOME. */
  readonly home: string;
  /** The working directory, the only sandbox root and job input root (it holds orcaops.config.json). */
  readonly work: string;
  /** The environment to start the kernel with (cwd: `work`). */
  readonly env: NodeJS.ProcessEnv;
  remove(): Promise<void>;
}

/**
 * Makes a fuzz home: a config confining sandboxes and job inputs to `work`, HOME and ORCAOPS_HOME inside the
 * temporary directory, and with `docker: 'absent'` a Docker endpoint at a socket that does not exist, so nothing
 * reaches a real engine (`'real'` keeps the engine the environment names).
 */
export async function makeFuzzHome(options: { docker: 'absent' | 'real' }): Promise<FuzzHome> {
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
  return { root: temp.path, home, work, env, remove: () => temp.remove() };
}

function pick(env: NodeJS.ProcessEnv, keys: readonly string[]): NodeJS.ProcessEnv {
  return Object.fromEntries(keys.filter((key) => env[key] !== undefined).map((key) => [key, env[key]]));
}
