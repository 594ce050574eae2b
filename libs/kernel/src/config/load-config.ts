import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { DEFAULT_MAX_REPLY_BYTES, DEFAULT_REPLY_BYTES, LOG_LEVELS, OrcaError, type LogLevel } from '@orcaops/plugin-api';
import { ConfigFileSchema, ToolSelectionSchema, type ConfigFile } from './config-schema.js';
import type { ResolvedConfig } from './resolved-config.js';

/** The configuration file's name, looked for from the working directory upwards. */
export const CONFIG_FILE_NAME = 'orcaops.config.json';

/** The audit log's defaults: 10 MiB a file, five rotated files kept (at most 60 MiB in all). */
const DEFAULT_AUDIT_MAX_BYTES = 10 * 1024 * 1024;
const DEFAULT_AUDIT_KEEP = 5;

/** Inputs to {@link loadConfig}. */
export interface LoadConfigOptions {
  /** Where to start looking for the file. */
  readonly cwd: string;
  /** An explicit file (`--config`); it must exist. */
  readonly configPath?: string;
  readonly env: NodeJS.ProcessEnv;
  /** Overrides the file and `ORCAOPS_LOG_LEVEL` (e.g. `--debug`). */
  readonly logLevel?: LogLevel;
  /** `--read-only`: only read-only tools, whatever the file says. */
  readonly readOnly?: boolean;
}

/**
 * Reads, validates and resolves the configuration: the file (explicit, or the nearest one up from `cwd`), then
 * environment overrides (`ORCAOPS_HOME`, `ORCAOPS_LOG_LEVEL`), then command-line overrides.
 *
 * @throws OrcaError `CONFIG_INVALID` naming the file and the bad field.
 */
export async function loadConfig(options: LoadConfigOptions): Promise<ResolvedConfig> {
  const configFile = options.configPath ? resolve(options.cwd, options.configPath) : await findUp(options.cwd, CONFIG_FILE_NAME);
  const file = configFile ? await readConfigFile(configFile, options.configPath !== undefined) : {};
  const configDir = configFile ? dirname(configFile) : options.cwd;

  const envLevel = options.env['ORCAOPS_LOG_LEVEL'];
  if (envLevel !== undefined && !(LOG_LEVELS as readonly string[]).includes(envLevel)) {
    throw new OrcaError('CONFIG_INVALID', `ORCAOPS_LOG_LEVEL="${envLevel}" is not a log level.`, {
      suggestion: `Use one of: ${LOG_LEVELS.join(', ')}.`,
    });
  }
  const envHome = options.env['ORCAOPS_HOME'];
  const home = envHome ? expandHome(envHome, options.cwd) : file.home ? expandHome(file.home, configDir) : join(homedir(), '.orcaops');

  return {
    configFile,
    home,
    logLevel: options.logLevel ?? (envLevel as LogLevel | undefined) ?? file.logLevel ?? 'info',
    dockerHost: file.docker?.host ?? null,
    ...(file.docker?.timeouts ? { dockerTimeouts: file.docker.timeouts } : {}),
    replies: resolveReplies(file.replies),
    http: file.http ?? {},
    tools: ToolSelectionSchema.parse(file.tools ?? {}),
    readOnly: options.readOnly === true || file.readOnly === true,
    audit: { enabled: file.audit?.enabled ?? true, maxBytes: file.audit?.maxBytes ?? DEFAULT_AUDIT_MAX_BYTES, keep: file.audit?.keep ?? DEFAULT_AUDIT_KEEP },
    plugins: (file.plugins ?? []).map((entry) =>
      typeof entry === 'string'
        ? { source: entry, options: {}, baseDir: configDir, builtin: false }
        : { source: entry.plugin, options: entry.options ?? {}, baseDir: configDir, builtin: false },
    ),
  };
}

function resolveReplies(replies: ConfigFile['replies']): ResolvedConfig['replies'] {
  const maxBytes = replies?.maxBytes ?? Math.max(DEFAULT_MAX_REPLY_BYTES, replies?.defaultBytes ?? 0);
  return { defaultBytes: replies?.defaultBytes ?? Math.min(DEFAULT_REPLY_BYTES, maxBytes), maxBytes };
}

async function readConfigFile(file: string, explicit: boolean): Promise<ConfigFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new OrcaError('CONFIG_INVALID', `Cannot read the configuration file ${file}: ${(cause as Error).message}.`, {
      suggestion: explicit ? 'Check the path given to --config.' : `Fix the permissions of ${file} or remove it.`,
      cause,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new OrcaError('CONFIG_INVALID', `${file} is not valid JSON: ${(cause as Error).message}.`, { cause });
  }
  const parsed = ConfigFileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new OrcaError('CONFIG_INVALID', `${file} is invalid: ${problems.join('; ')}.`, {
      suggestion: 'Fix the fields named; docs/reference/configuration.md lists every configuration key.',
      details: { file, issues: parsed.error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message })) },
    });
  }
  return parsed.data;
}

async function findUp(start: string, name: string): Promise<string | null> {
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, name);
    if (await isFile(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function expandHome(path: string, relativeTo: string): string {
  if (path === '~') return homedir();
  if (path.startsWith('~/')) return join(homedir(), path.slice(2));
  return isAbsolute(path) ? path : resolve(relativeTo, path);
}
