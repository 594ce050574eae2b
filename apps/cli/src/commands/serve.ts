import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { resolveHttpConfig, startHttpHost } from '@orcaops/http-host';
import { loadConfig, type ResolvedConfig } from '@orcaops/kernel/bootstrap';
import { isOrcaError } from '@orcaops/plugin-api';
import type { ServeFlags } from '../cli-args.js';
import type { CliIo } from '../cli-io.js';
import { startKernel } from '../start-kernel.js';

const CLOSE_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

/**
 * `orcaops serve`: the HTTP host over a long-lived kernel (it adopts jobs left running, as orcaops-mcp does), until
 * a signal. The address goes to stdout as one line, so a script can read where to call; logs go to stderr.
 */
export async function serveCommand(flags: ServeFlags, io: CliIo): Promise<number> {
  const workdir = await enterWorkdir(flags, io);
  if (typeof workdir === 'number') return workdir;
  const started = await startKernel(flags, io, { role: 'server', host: 'http', config: workdir.config });
  if (!started.ok) return started.exitCode;
  const { kernel } = started;
  let stop = () => {};
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  for (const signal of CLOSE_SIGNALS) process.on(signal, stop);
  try {
    const configured = resolveHttpConfig(kernel.config.http, { home: kernel.config.home, configFile: kernel.config.configFile, cwd: workdir.dir });
    const config = { ...configured, ...(flags.host === undefined ? {} : { host: flags.host }), ...(flags.port === undefined ? {} : { port: flags.port }) };
    const host = await startHttpHost({
      core: kernel,
      config,
      version: kernel.hostInfo.version,
      log: kernel.log.child({ host: 'http' }),
      noAuth: flags.noAuth,
      replyLimits: kernel.config.replies,
    });
    io.stdout.write(`${host.url}\n`);
    io.stderr.write(`orcaops: serving ${host.url} (REST /v1, /openapi.json, MCP /mcp${flags.noAuth ? ', no API keys' : ''}) from ${workdir.dir}; Ctrl-C stops\n`);
    await stopped;
    await host.close();
    return 0;
  } catch (error) {
    if (isOrcaError(error) && error.code === 'CONFIG_INVALID') {
      io.stderr.write(`orcaops: ${error.message}\n  ${error.suggestion}\n`);
      return 2;
    }
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE' || (error as NodeJS.ErrnoException).code === 'EACCES') {
      io.stderr.write(`orcaops: cannot listen: ${(error as Error).message}\n  Choose another port with --port (0 picks a free one).\n`);
      return 2;
    }
    throw error;
  } finally {
    for (const signal of CLOSE_SIGNALS) process.removeListener(signal, stop);
    await kernel.stop();
  }
}

/**
 * A server others call must not offer the directory it happened to be started in: jobs copy inputs from, and
 * sandboxes are written into, the working directory when the plugins' options name no roots. So serve works in
 * its own (`--workdir`, default `<ORCAOPS_HOME>/http/workspace`). The configuration is read first, from where the
 * user started it, and handed to the kernel as read.
 */
async function enterWorkdir(flags: ServeFlags, io: CliIo): Promise<{ readonly dir: string; readonly config: ResolvedConfig } | number> {
  let config: ResolvedConfig;
  try {
    config = await loadConfig({ cwd: io.cwd, env: io.env, ...(flags.configPath ? { configPath: flags.configPath } : {}), ...(flags.debug ? { logLevel: 'debug' as const } : {}), ...(flags.readOnly ? { readOnly: true } : {}) });
  } catch (error) {
    if (!isOrcaError(error)) throw error;
    io.stderr.write(`orcaops: ${error.message}\n  ${error.suggestion}\n`);
    return 2;
  }
  const dir = flags.workdir ? resolve(io.cwd, flags.workdir) : join(config.home, 'http', 'workspace');
  try {
    await mkdir(dir, { recursive: true });
    process.chdir(dir);
  } catch (error) {
    io.stderr.write(`orcaops: cannot work in ${dir}: ${(error as Error).message}\n  Give --workdir a directory OrcaOps may create and enter.\n`);
    return 2;
  }
  return { dir, config };
}
