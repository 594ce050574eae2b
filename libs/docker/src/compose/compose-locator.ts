import { execFile } from 'node:child_process';
import type { ComposeCliInfo, ComposeService } from '@orcaops/plugin-api';

type Runner = (file: string, args: readonly string[]) => Promise<string>;

const runCommand: Runner = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(file, [...args], { timeout: 10_000, env: process.env }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });

/**
 * Finds the compose CLI: the `docker compose` v2 plugin when present, else the standalone `docker-compose` v1.
 * Arguments are passed as argv, never through a shell.
 */
export class ComposeLocator implements Pick<ComposeService, 'detect'> {
  private found: Promise<ComposeCliInfo | null> | null = null;

  constructor(private readonly run: Runner = runCommand) {}

  detect(): Promise<ComposeCliInfo | null> {
    this.found ??= this.probe();
    return this.found;
  }

  private async probe(): Promise<ComposeCliInfo | null> {
    const v2 = await this.version('docker', ['compose', 'version', '--short']);
    if (v2) return { flavor: 'v2', command: ['docker', 'compose'], version: v2 };
    const v1 = await this.version('docker-compose', ['version', '--short']);
    if (v1) return { flavor: 'v1', command: ['docker-compose'], version: v1 };
    return null;
  }

  private async version(file: string, args: string[]): Promise<string | null> {
    try {
      const out = (await this.run(file, args)).trim();
      return out.length > 0 ? out.split('\n')[0]!.trim() : null;
    } catch {
      return null;
    }
  }
}
