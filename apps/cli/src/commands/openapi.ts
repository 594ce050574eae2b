import { resolve } from 'node:path';
import { writeFileAtomic } from '@orcaops/contracts';
import {
  GPT_MAX_OPERATIONS,
  TOOL_PRESETS,
  buildOpenApiDocument,
  gptActionProblems,
  httpOperations,
  isLoopback,
  resolveHttpConfig,
  selectTools,
  type HttpConfig,
  type ToolPreset,
} from '@orcaops/http-host';
import { isOrcaError } from '@orcaops/plugin-api';
import type { OpenApiFlags } from '../cli-args.js';
import { usageError, writeOut, type CliIo } from '../cli-io.js';
import { startKernel } from '../start-kernel.js';

/**
 * `orcaops openapi`: the OpenAPI document `orcaops serve` serves at /openapi.json, for pasting into a Custom GPT's
 * actions. What would keep ChatGPT from importing it is warned about on stderr; the document is written anyway,
 * since other clients take it as it is.
 */
export async function openapiCommand(flags: OpenApiFlags, io: CliIo): Promise<number> {
  // Usage is checked before the kernel starts, so that a typo loads no plugins.
  if (flags.preset !== undefined && !isPreset(flags.preset)) return usageError(io, `--preset must be ${TOOL_PRESETS.join(', ')}, not "${flags.preset}".`);
  if (flags.serverUrl !== undefined && !isHttpUrl(flags.serverUrl)) return usageError(io, `--server-url must be an http:// or https:// URL, not "${flags.serverUrl}".`);

  const started = await startKernel(flags, io);
  if (!started.ok) return started.exitCode;
  const { kernel } = started;
  try {
    let config: HttpConfig;
    try {
      config = resolveHttpConfig(kernel.config.http, { home: kernel.config.home, configFile: kernel.config.configFile, cwd: io.cwd });
    } catch (error) {
      if (!isOrcaError(error) || error.code !== 'CONFIG_INVALID') throw error;
      io.stderr.write(`orcaops: ${error.message}\n  ${error.suggestion}\n`);
      return 2;
    }
    const preset = flags.preset as ToolPreset | undefined;
    const selection = selectTools(kernel.catalog.entries, { ...config.tools, ...(preset ? { preset } : {}) });
    const operations = httpOperations(selection.selected);
    const serverUrl = flags.serverUrl ?? config.publicUrl ?? localUrl(config);
    const document = buildOpenApiDocument({ operations: operations.primary, version: kernel.hostInfo.version, serverUrl, apiKeyHeader: config.apiKeyHeader });

    const warnings = [
      ...selection.unknown.map((name) => `http.tools names ${name}, which is not a loaded tool`),
      ...(selection.dropped.length > 0 ? [`the gpt preset leaves out ${selection.dropped.join(', ')} to stay within ${GPT_MAX_OPERATIONS} operations (http.tools.allow brings one back)`] : []),
      ...operations.clashes,
      ...(isLoopback(new URL(serverUrl).hostname) ? [`the server URL ${serverUrl} is this machine: ChatGPT calls from the internet, so give the public URL (--server-url or http.publicUrl)`] : []),
      ...gptActionProblems(document).map((problem) => `GPT Actions would refuse this document: ${problem}`),
    ];
    for (const warning of warnings) io.stderr.write(`orcaops: warning: ${warning}\n`);

    const text = `${JSON.stringify(document, null, 2)}\n`;
    if (flags.output === undefined) {
      await writeOut(io.stdout, text);
      return 0;
    }
    const target = resolve(io.cwd, flags.output);
    try {
      await writeFileAtomic(target, text);
    } catch (error) {
      io.stderr.write(`orcaops: could not write ${target}: ${(error as Error).message}\n`);
      return 1;
    }
    await writeOut(io.stdout, `Wrote the OpenAPI document (${operations.primary.length} operations) to ${target}.\n`);
    return 0;
  } finally {
    await kernel.stop();
  }
}

function isPreset(name: string): name is ToolPreset {
  return (TOOL_PRESETS as readonly string[]).includes(name);
}

function isHttpUrl(text: string): boolean {
  return URL.canParse(text) && /^https?:$/.test(new URL(text).protocol);
}

/** Where `orcaops serve` listens as configured; a wildcard address is reached here through loopback. */
function localUrl(config: Pick<HttpConfig, 'host' | 'port' | 'tls'>): string {
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host === '::' ? '::1' : config.host;
  return `${config.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
}

