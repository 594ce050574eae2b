import { spawn } from 'node:child_process';

/** Flags for installs that should use the npm cache (CI's `npm ci` filled it) and print nothing extra. */
export const NPM_INSTALL_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund'] as const;

/** A finished npm command. */
export interface NpmRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs npm as someone outside this monorepo would: without the npm_* settings of an `npm test` that may be running
 * the suite (they name the workspace root, so an install would land there), and without the update check.
 */
export function outsiderNpm(args: readonly string[], cwd: string): Promise<NpmRun> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
  return new Promise((resolve, reject) => {
    const child = spawn('npm', [...args], { cwd, env: { ...env, npm_config_update_notifier: 'false' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The run's stdout, or an error carrying all of its output (what anyone debugging a red run needs first). */
export async function npmOk(args: readonly string[], cwd: string): Promise<string> {
  const run = await outsiderNpm(args, cwd);
  if (run.code !== 0) throw new Error(`npm ${args.join(' ')} (in ${cwd}) exited ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`);
  return run.stdout;
}

/** `npm pack` of the package in `dir` into `destination`; returns the tarball's path and the files it holds. */
export async function npmPack(dir: string, destination: string, extra: readonly string[] = []): Promise<{ tarball: string; files: string[] }> {
  const [packed] = JSON.parse(await npmOk(['pack', '--json', '--pack-destination', destination, ...extra], dir)) as Array<{ filename: string; files: Array<{ path: string }> }>;
  return { tarball: `${destination}/${packed!.filename}`, files: packed!.files.map((file) => file.path) };
}
