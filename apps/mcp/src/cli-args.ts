import { parseArgs } from 'node:util';
import { HOST_CLI_OPTIONS } from '@orcaops/kernel/bootstrap';

/** Parsed `orcaops-mcp` command line. */
export type McpCommand =
  | { readonly kind: 'serve'; readonly configPath?: string; readonly debug: boolean; readonly readOnly: boolean }
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'usage-error'; readonly message: string };

export const USAGE = `Usage: orcaops-mcp [--config FILE] [--debug] [--read-only]   (also: orcaops mcp [--config FILE] [--debug])

Runs the OrcaOps MCP server over stdio (JSON-RPC on stdin/stdout, logs on stderr).

Options:
  --config FILE  use this orcaops.config.json instead of searching from the working directory up
  --debug        verbose logs on stderr
  --read-only    serve only the read-only tools
  --version      print the version and exit
  --help         print this help and exit

Environment: ORCAOPS_HOME (state directory, default ~/.orcaops), DOCKER_HOST, ORCAOPS_LOG_LEVEL.
Claude Code: claude mcp add orcaops -- npx -y orcaops mcp   (installed: claude mcp add orcaops -- orcaops-mcp)`;

/** Parses argv without throwing. */
export function parseMcpArgs(argv: readonly string[]): McpCommand {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: HOST_CLI_OPTIONS,
      strict: true,
      allowPositionals: false,
    });
    if (values.help) return { kind: 'help' };
    if (values.version) return { kind: 'version' };
    return { kind: 'serve', debug: values.debug, readOnly: values['read-only'], ...(values.config ? { configPath: values.config } : {}) };
  } catch (error) {
    return { kind: 'usage-error', message: (error as Error).message };
  }
}
