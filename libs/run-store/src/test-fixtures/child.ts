import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

/** Path of a fixture script next to this file. */
export const fixture = (name: string): string => fileURLToPath(new URL(`./${name}`, import.meta.url));

/** Fails with a clear message when the package is not built (child processes import the built dist). */
export function requireBuilt(): void {
  if (!existsSync(dist)) throw new Error(`${dist} is missing: build first (npx nx run run-store:build); the test target does this itself.`);
}

/** Runs a node script; resolves with its pid, exit code and stdout, rejects on a non-zero exit. */
export function runNode(script: string, args: string[]): Promise<{ pid: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0 && child.pid !== undefined) resolve({ pid: child.pid, stdout });
      else reject(new Error(`${script} exited with ${code}: ${stderr}`));
    });
  });
}
