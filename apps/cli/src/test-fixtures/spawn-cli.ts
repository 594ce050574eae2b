import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The committed bin stub, found from this file rather than the working directory (tests run from any cwd). */
export const BIN = fileURLToPath(new URL('../../bin/orcaops.js', import.meta.url));

/** A docker socket that does not exist: the CLI tests must pass the same with or without a Docker engine. */
export const NO_DOCKER = 'unix:///nonexistent/orcaops-cli-test.sock';

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A temporary ORCAOPS_HOME (also the working directory, so no orcaops.config.json above it is picked up). */
export function tempHome(): { readonly dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'orcaops-cli-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The environment a spawned CLI gets: the test's home, no Docker, and no log level inherited from the caller. */
export function cliEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ORCAOPS_HOME: home, DOCKER_HOST: NO_DOCKER, ...extra };
  delete env['ORCAOPS_LOG_LEVEL'];
  delete env['NODE_OPTIONS'];
  return env;
}

/** Runs `node bin/orcaops.js ...args` to completion. */
export function runCli(args: readonly string[], home: string, options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: home, env: cliEnv(home, options.env), stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
