import { Kernel, ORCAOPS_VERSION } from '@orcaops/kernel';
import { serveStdio } from '@orcaops/mcp-host';
import { isOrcaError } from '@orcaops/plugin-api';
import { USAGE, parseMcpArgs } from './cli-args.js';

/**
 * Runs `orcaops-mcp` and resolves to the exit code. Only the MCP transport writes to stdout; everything else,
 * including help and errors, goes to stderr so that a misconfigured client never reads garbage as protocol.
 */
export async function runMcpServer(argv: readonly string[]): Promise<number> {
  const command = parseMcpArgs(argv);
  switch (command.kind) {
    case 'help':
      process.stderr.write(`${USAGE}\n`);
      return 0;
    case 'version':
      process.stderr.write(`orcaops-mcp ${ORCAOPS_VERSION}\n`);
      return 0;
    case 'usage-error':
      process.stderr.write(`orcaops-mcp: ${command.message}\n\n${USAGE}\n`);
      return 2;
  }

  let kernel: Kernel;
  try {
    kernel = await Kernel.start({ ...(command.configPath ? { configPath: command.configPath } : {}), ...(command.debug ? { logLevel: 'debug' } : {}) });
  } catch (error) {
    process.stderr.write(`orcaops-mcp: ${describeStartupError(error)}\n`);
    return 2;
  }

  const session = await serveStdio({ catalog: kernel.catalog, invoker: kernel.invoker, version: ORCAOPS_VERSION, log: kernel.log });
  kernel.log.info('orcaops-mcp ready', { tools: kernel.catalog.entries.length, home: kernel.config.home });
  const signalled = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  const reason = await Promise.race([session.closed.then(() => 'stdin closed'), signalled]);
  kernel.log.info('orcaops-mcp stopping', { reason });
  await session.close();
  await kernel.stop();
  // Pending handles (e.g. a Docker keep-alive socket) must not keep a client waiting for the process to end.
  setTimeout(() => process.exit(0), 100).unref();
  return 0;
}

function describeStartupError(error: unknown): string {
  if (isOrcaError(error)) return `${error.message}\n${error.suggestion}`;
  return error instanceof Error ? error.message : String(error);
}
