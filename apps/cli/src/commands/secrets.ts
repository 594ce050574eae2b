import { FileSecretStore, SECRET_NAME_PATTERN, loadConfig } from '@orcaops/kernel/bootstrap';
import { isOrcaError } from '@orcaops/plugin-api';
import type { SecretsFlags } from '../cli-args.js';
import { writeOut, type CliIo } from '../cli-io.js';

/** The most of standard input `secrets set` reads: a secret is a token or a key. */
const MAX_INPUT_BYTES = 64 * 1024 + 2;

/**
 * `orcaops secrets set|list|remove`: the named secrets jobs refer to with `{"secret": "NAME"}`, kept in
 * `<ORCAOPS_HOME>/secrets` (mode 0600). The value is read from standard input, never from the command line, where
 * other users and the shell history would see it; one final newline is dropped. Needs only the configuration.
 * Exit 0 done, 1 refused (bad name, empty value, no such secret), 2 bad configuration.
 */
export async function secretsCommand(flags: SecretsFlags, io: CliIo): Promise<number> {
  try {
    const config = await loadConfig({ cwd: io.cwd, env: io.env, ...(flags.configPath ? { configPath: flags.configPath } : {}) });
    const store = FileSecretStore.in(config.home);
    switch (flags.action) {
      case 'set': {
        if (!SECRET_NAME_PATTERN.test(flags.name)) {
          await writeOut(io.stderr, `orcaops: secret names are letters, digits, _, . and - (at most 64, starting with a letter or digit).\n`);
          return 1;
        }
        if (io.stdin.isTTY) await writeOut(io.stderr, `Value for ${flags.name} (input is shown; end with Enter, then Ctrl-D): `);
        const value = (await readInput(io.stdin)).replace(/\r?\n$/, '');
        if (value === '') {
          await writeOut(io.stderr, 'orcaops: the value is empty; pipe it in, e.g. printf %s "$TOKEN" | orcaops secrets set NAME\n');
          return 1;
        }
        await store.set(flags.name, value);
        await writeOut(io.stdout, `Stored secret ${flags.name}. Jobs use it as {"secret": "${flags.name}"} in env; its value never appears in their records, logs or replies.\n`);
        return 0;
      }
      case 'list': {
        const secrets = await store.list();
        if (flags.json) await writeOut(io.stdout, `${JSON.stringify(secrets, null, 2)}\n`);
        else if (secrets.length === 0) await writeOut(io.stdout, 'No stored secrets. Store one with: printf %s "$VALUE" | orcaops secrets set NAME\n');
        else await writeOut(io.stdout, secrets.map((secret) => `${secret.name}  ${secret.updated_at}`).join('\n') + '\n');
        return 0;
      }
      case 'remove': {
        const removed = await store.remove(flags.name);
        await writeOut(removed ? io.stdout : io.stderr, removed ? `Removed secret ${flags.name}.\n` : `orcaops: there is no stored secret ${flags.name}.\n`);
        return removed ? 0 : 1;
      }
    }
  } catch (error) {
    if (!isOrcaError(error)) throw error;
    await writeOut(io.stderr, `orcaops: ${error.message}\n  ${error.suggestion}\n`);
    return error.code === 'CONFIG_INVALID' ? 2 : 1;
  }
}

async function readInput(stdin: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size > MAX_INPUT_BYTES) break;
  }
  return Buffer.concat(chunks).toString('utf8');
}
