import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ComposeCliInfo, HostInfo } from '@orcaops/plugin-api';
import { count, nameSome, ok, problem, warn, type Finding } from './finding.js';
import type { DiskUsage } from './doctor-inputs.js';

const MIB = 2 ** 20;
/** Below this, writing job logs and artifacts fails soon. */
export const DISK_PROBLEM_BYTES = 512 * MIB;
/** Below this, one large job or image can fill the disk. */
export const DISK_WARN_BYTES = 2048 * MIB;

/** `compose`: the compose CLI the sandboxes use. */
export function composeFinding(compose: ComposeCliInfo | null): Finding {
  const install = 'Install the Docker Compose plugin (Debian/Ubuntu: `apt-get install docker-compose-plugin`; it comes with Docker Desktop), so that `docker compose version` works.';
  if (!compose) return warn('compose', 'No compose CLI', 'Neither `docker compose` nor `docker-compose` was found on PATH: sandboxes cannot start; jobs work.', install);
  if (compose.flavor === 'v1') {
    return warn('compose', 'Compose v1', `\`${compose.command.join(' ')}\` ${compose.version} is the standalone v1, which is no longer maintained.`, install);
  }
  return ok('compose', 'Compose CLI', `\`${compose.command.join(' ')}\` ${compose.version}.`);
}

/** `home.writable`: OrcaOps can write ORCAOPS_HOME (or create it). Only asks the file system; writes nothing. */
export async function homeFinding(home: string): Promise<Finding> {
  const fix = `Make ${home} writable by this user (\`chown -R $USER ${home}\`), or set ORCAOPS_HOME to a directory this user can write.`;
  const found = await nearestExisting(home);
  if (!found) return problem('home.writable', 'ORCAOPS_HOME cannot be created', `No directory on the path of ${home} exists.`, fix);
  if (!found.isDirectory) return problem('home.writable', 'ORCAOPS_HOME is not a directory', `${found.path} exists and is not a directory.`, fix);
  try {
    await access(found.path, constants.W_OK | constants.X_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EACCES';
    return problem('home.writable', 'ORCAOPS_HOME is not writable', `${found.path} cannot be written (${code}), so runs, logs and sandboxes cannot be kept.`, fix);
  }
  return found.path === home
    ? ok('home.writable', 'ORCAOPS_HOME is writable', `${home} is writable.`)
    : ok('home.writable', 'ORCAOPS_HOME can be created', `${home} does not exist yet; ${found.path} is writable, so OrcaOps creates it on first use.`);
}

/** `home.disk`: free space where OrcaOps writes logs and artifacts. */
export function diskFinding(disk: DiskUsage): Finding {
  if (!disk) return warn('home.disk', 'Free disk: not measured', 'No directory on the path of ORCAOPS_HOME could be measured.', 'Check that ORCAOPS_HOME is on a mounted file system (`df -h`).');
  const free = `${Math.round(disk.free_bytes / MIB)} MiB free of ${Math.round(disk.total_bytes / MIB)} MiB under ${disk.path}`;
  const fix = `Free space on that file system (\`orcaops call orcaops_cleanup_runs\` removes old runs; \`docker system df\` shows what the engine keeps), or move ORCAOPS_HOME to a larger disk.`;
  if (disk.free_bytes < DISK_PROBLEM_BYTES) return problem('home.disk', 'Disk nearly full', `${free}: job logs and artifacts will fail to write.`, fix);
  if (disk.free_bytes < DISK_WARN_BYTES) return warn('home.disk', 'Disk space is low', `${free}.`, fix);
  return ok('home.disk', 'Free disk', `${free}.`);
}

/** `config`: the configuration loaded (a host that could not load it never gets here; the CLI reports that). */
export function configFinding(host: HostInfo): Finding {
  return host.configFile
    ? ok('config', 'Configuration', `${host.configFile} is valid.`)
    : ok('config', 'Configuration', 'No orcaops.config.json was found from the working directory up: OrcaOps runs on its defaults.');
}

/** `plugins`: which plugins loaded, and each one skipped with its reason. A built-in that failed is a problem. */
export function pluginsFinding(host: HostInfo): Finding {
  const { loaded, failed } = host.plugins();
  const loadedText = `${count(loaded.length, 'plugin')} loaded (${nameSome(loaded.map((plugin) => plugin.id), 8)}).`;
  if (failed.length === 0) return ok('plugins', 'Plugins', loadedText);
  const skipped = nameSome(failed.map((failure) => `${failure.source}: ${failure.error.slice(0, 160)}`));
  const fix =
    'Check that each package is installed where orcaops.config.json says (`npm ls <name>`), built, and declares "orcaops": { "apiVersion": 1 }; a tool-name clash needs another toolPrefix. `orcaops --debug tools` shows the full errors.';
  const detail = `${loadedText} Skipped: ${skipped}.`;
  return failed.some((failure) => failure.builtin)
    ? problem('plugins', 'A built-in plugin failed to load', detail, `Reinstall OrcaOps (\`npm ci && npm run build\` in a clone). ${fix}`)
    : warn('plugins', `${count(failed.length, 'plugin')} skipped`, detail, fix);
}

async function nearestExisting(path: string): Promise<{ path: string; isDirectory: boolean } | null> {
  for (let dir = path; ; dir = dirname(dir)) {
    try {
      return { path: dir, isDirectory: (await stat(dir)).isDirectory() };
    } catch {
      if (dirname(dir) === dir) return null;
    }
  }
}
