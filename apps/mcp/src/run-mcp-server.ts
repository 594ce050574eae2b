import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { ORCAOPS_VERSION, StreamLogger, loadConfig, type ResolvedConfig } from '@orcaops/kernel/bootstrap';
import { FileToolListCache, LogForwarder, serveStdio } from '@orcaops/mcp-host';
import { isOrcaError } from '@orcaops/plugin-api';
import { USAGE, parseMcpArgs } from './cli-args.js';

/** Longest the process may stay up after a clean shutdown, waiting for handles OrcaOps does not own. */
const SAFETY_EXIT_MS = 2000;

/**
 * Runs `orcaops-mcp` and resolves to the exit code. Only the MCP transport writes to stdout; everything else,
 * including help and errors, goes to stderr so that a misconfigured client never reads garbage as protocol.
 *
 * The protocol is served before the kernel loads its plugins (see docs/decisions/0004-staged-mcp-start-up.md):
 * configuration errors still fail fast, because the configuration is read first.
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

  let config: ResolvedConfig;
  try {
    config = await loadConfig({
      cwd: process.cwd(),
      env: process.env,
      ...(command.configPath ? { configPath: command.configPath } : {}),
      ...(command.debug ? { logLevel: 'debug' } : {}),
      ...(command.readOnly ? { readOnly: true } : {}),
    });
  } catch (error) {
    process.stderr.write(`orcaops-mcp: ${describeStartupError(error)}\n`);
    return 2;
  }
  // The log goes to stderr, and also to MCP clients that ask for it (logging/setLevel).
  const logs = new LogForwarder(process.stderr);
  const log = new StreamLogger(logs, config.logLevel, { name: 'orcaops' });

  const kernel = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
    const { startOrcaOps } = await import('@orcaops/composition');
    return startOrcaOps({ config, log, role: 'server', host: 'mcp' });
  });
  const session = await serveStdio({
    core: kernel,
    version: ORCAOPS_VERSION,
    log,
    logs,
    replyLimits: config.replies,
    toolListCache: new FileToolListCache(toolListCachePath(config)),
  });

  const failed = kernel.then(
    (started) => {
      log.info('orcaops-mcp ready', { tools: started.catalog.entries.length, home: config.home });
      return new Promise<never>(() => undefined);
    },
    (error: unknown) => error,
  );
  const signalled = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  const reason = await Promise.race([session.closed.then(() => 'stdin closed' as const), signalled, failed]);
  if (typeof reason !== 'string') {
    process.stderr.write(`orcaops-mcp: ${describeStartupError(reason)}\n`);
    await session.close();
    setTimeout(() => process.exit(2), SAFETY_EXIT_MS).unref();
    return 2;
  }
  log.info('orcaops-mcp stopping', { reason });
  await session.close();
  // Stopping closes the engine connection too, so the process ends by itself once stdout is flushed; a handle a
  // plugin left open (a timer, a socket) may delay that by at most SAFETY_EXIT_MS.
  await kernel.then((started) => started.stop()).catch(() => undefined);
  setTimeout(() => process.exit(0), SAFETY_EXIT_MS).unref();
  return 0;
}

/**
 * One cache file per version, plugin configuration, tool selection and reply limits: a different setup never reads
 * another's tool list (a read-only server must not list, even briefly, the tools of a full one).
 */
function toolListCachePath(config: ResolvedConfig): string {
  const key = createHash('sha256')
    .update(JSON.stringify({ version: ORCAOPS_VERSION, configFile: config.configFile, plugins: config.plugins, tools: config.tools, readOnly: config.readOnly, replies: config.replies }))
    .digest('hex')
    .slice(0, 16);
  return join(config.home, 'cache', `mcp-tools-${key}.json`);
}

function describeStartupError(error: unknown): string {
  if (isOrcaError(error)) return `${error.message}\n${error.suggestion}`;
  return error instanceof Error ? error.message : String(error);
}
