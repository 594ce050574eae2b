import { resolveHttpConfig, startHttpHost } from '@orcaops/http-host';
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
  const started = await startKernel(flags, io, { role: 'server' });
  if (!started.ok) return started.exitCode;
  const { kernel } = started;
  let stop = () => {};
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  for (const signal of CLOSE_SIGNALS) process.on(signal, stop);
  try {
    const configured = resolveHttpConfig(kernel.config.http, { home: kernel.config.home, configFile: kernel.config.configFile, cwd: io.cwd });
    const config = { ...configured, ...(flags.host === undefined ? {} : { host: flags.host }), ...(flags.port === undefined ? {} : { port: flags.port }) };
    const host = await startHttpHost({ core: kernel, config, version: kernel.hostInfo.version, log: kernel.log.child({ host: 'http' }), noAuth: flags.noAuth });
    io.stdout.write(`${host.url}\n`);
    io.stderr.write(`orcaops: serving ${host.url} (REST /v1, /openapi.json, MCP /mcp${flags.noAuth ? ', no API keys' : ''}); Ctrl-C stops\n`);
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
