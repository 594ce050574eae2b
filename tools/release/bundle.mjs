// Bundles the compiled hosts (apps/*/dist, so whatever tsc emitted survives) into one set of ES modules: the two
// entries share chunks, and every built-in plugin and the TUI stay separate chunks loaded on first use.
import { build } from 'esbuild';
import { join } from 'node:path';
import { ROOT } from './workspace.mjs';

/**
 * Left out of the bundle and installed as dependencies, each for a reason:
 * - `@orcaops/plugin-api` and `zod`: third-party plugins peer on them; installed next to OrcaOps they resolve to the
 *   same copies as the host's.
 * - `dockerode`: its SSH transport (ssh2) has native and optional parts that do not survive bundling.
 */
export const EXTERNAL_DEPENDENCIES = ['@orcaops/plugin-api', 'zod', 'dockerode'];

/** Only loaded by ink when DEV=true, and not installed: the import fails with ink's own message. */
const NEVER_INSTALLED = ['react-devtools-core'];

// CommonJS code inside an ES module bundle still calls require() for Node's built-ins.
const BANNER = "import { createRequire as __orcaopsCreateRequire } from 'node:module';\nconst require = __orcaopsCreateRequire(import.meta.url);";

export async function bundleOrcaops(outDir) {
  const result = await build({
    entryPoints: {
      'orcaops-mcp': join(ROOT, 'apps/mcp/dist/main.js'),
      orcaops: join(ROOT, 'apps/cli/dist/main.js'),
    },
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    external: [...EXTERNAL_DEPENDENCIES, ...NEVER_INSTALLED],
    banner: { js: BANNER },
    sourcemap: true,
    sourcesContent: false,
    legalComments: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  return result.metafile;
}
