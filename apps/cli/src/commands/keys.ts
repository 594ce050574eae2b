import { ApiKeyStore, resolveHttpConfig, type ApiKeyView } from '@orcaops/http-host';
import { loadConfig } from '@orcaops/kernel/bootstrap';
import { isOrcaError } from '@orcaops/plugin-api';
import type { KeysFlags } from '../cli-args.js';
import { writeOut, type CliIo } from '../cli-io.js';

/**
 * `orcaops keys create|list|revoke`: the API keys of `orcaops serve`, in `<ORCAOPS_HOME>/http/keys.json`. Needs only
 * the configuration (for ORCAOPS_HOME and the key header's name), so no plugin is started and no engine needed.
 * Exit 0 done, 1 refused (bad name or scope, unknown key, name taken), 2 bad configuration.
 */
export async function keysCommand(flags: KeysFlags, io: CliIo): Promise<number> {
  try {
    const config = await loadConfig({ cwd: io.cwd, env: io.env, ...(flags.configPath ? { configPath: flags.configPath } : {}) });
    const http = resolveHttpConfig(config.http, { home: config.home, configFile: config.configFile, cwd: io.cwd });
    const store = new ApiKeyStore(http.stateDir);
    switch (flags.action) {
      case 'create': {
        const { key, token } = await store.create(flags.name, flags.scope);
        // The token alone on stdout, first, so `orcaops keys create ... > token.txt` or `$(...)` captures just it.
        await writeOut(io.stdout, `${token}\n`);
        await writeOut(
          io.stderr,
          `Created API key ${key.id} "${key.name}" (scope ${key.scope}). Shown once: store it now. ` +
            `Use it as \`Authorization: Bearer <token>\` or the ${http.apiKeyHeader} header; revoke with \`orcaops keys revoke ${key.id}\`.\n`,
        );
        return 0;
      }
      case 'list': {
        const keys = await store.list();
        if (flags.json) await writeOut(io.stdout, `${JSON.stringify(keys, null, 2)}\n`);
        else if (keys.length === 0) await writeOut(io.stdout, 'No API keys yet. Create one with: orcaops keys create --name NAME --scope read|run|admin\n');
        else await writeOut(io.stdout, table(keys));
        return 0;
      }
      case 'revoke': {
        const key = await store.revoke(flags.key);
        await writeOut(io.stdout, `Revoked API key ${key.id} "${key.name}" (scope ${key.scope}) as of ${key.revoked_at}; calls with it are refused.\n`);
        return 0;
      }
    }
  } catch (error) {
    if (!isOrcaError(error)) throw error;
    await writeOut(io.stderr, `orcaops: ${error.message}\n  ${error.suggestion}\n`);
    return error.code === 'CONFIG_INVALID' ? 2 : 1;
  }
}

function table(keys: readonly ApiKeyView[]): string {
  const rows = [
    ['ID', 'NAME', 'SCOPE', 'CREATED', 'REVOKED'],
    ...keys.map((key) => [key.id, key.name, key.scope, shortTime(key.created_at), key.revoked_at === null ? '-' : shortTime(key.revoked_at)]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')).join('\n') + '\n';
}

/** `2026-01-02T03:04:05.678Z` as `2026-01-02 03:04:05Z`: to the second is enough to tell keys apart. */
const shortTime = (iso: string): string => iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
