import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startOrcaOps } from '@orcaops/composition';
import type { Kernel } from '@orcaops/kernel';
import { MemoryLogSink, makeTempDir } from '@orcaops/testing';
import { requiredScope } from './auth/scopes.js';
import { HttpConfigSchema } from './config/http-config.js';
import { httpOperations } from './routes/operations.js';

const GUIDE = readFileSync(fileURLToPath(new URL('../../../docs/http.md', import.meta.url)), 'utf8');

/** The route table and the configuration reference of docs/http.md, held to the code so that they cannot drift. */
describe('docs/http.md', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let kernel: Kernel;
  beforeAll(async () => {
    temp = await makeTempDir();
    kernel = await startOrcaOps({ cwd: temp.path, env: { ORCAOPS_HOME: temp.path, DOCKER_HOST: 'unix:///nonexistent/orcaops-docs.sock' }, logSink: new MemoryLogSink() });
  });
  afterAll(async () => {
    await kernel?.stop();
    await temp?.remove();
  });

  it('lists every built-in route with its tool and scope, and no other tool route', () => {
    const rows = [...GUIDE.matchAll(/^\| (GET|POST|DELETE) \| `(\/v1\/[^`]+)` \| `(orcaops_[a-z_]+)`[^|]* \| (read|run|admin) \|$/gm)].map((match) => `${match[1]} ${match[2]} ${match[3]} ${match[4]}`);
    const routes = httpOperations(kernel.catalog.entries)
      .primary.filter((operation) => !operation.generic)
      .map((operation) => `${operation.method} ${operation.path} ${operation.tool.name} ${requiredScope(operation.tool)}`);
    expect(rows.sort()).toEqual(routes.sort());
  });

  it('documents every field of the http section, and only those', () => {
    const documented = [...GUIDE.matchAll(/^\| `([a-zA-Z.]+)`(?:, `([a-zA-Z.]+)`)? \| [^|]+ \| [^|]+ \| [^|]+ \|$/gm)].flatMap((match) => [match[1]!, ...(match[2] ? [match[2]] : [])]);
    const fields = (shape: Record<string, unknown>, prefix = ''): string[] =>
      Object.entries(shape).flatMap(([key, schema]) => {
        const inner = unwrap(schema);
        return inner?.shape ? fields(inner.shape, `${prefix}${key}.`) : [`${prefix}${key}`];
      });
    const schemaFields = fields(HttpConfigSchema.shape);
    expect(documented.sort()).toEqual(schemaFields.sort());
  });
});

/** The object inside `.default()`, `.prefault()` and `.optional()`. */
function unwrap(schema: unknown): { shape?: Record<string, unknown> } | undefined {
  let current = schema as { shape?: Record<string, unknown>; _zod?: { def?: { innerType?: unknown } } } | undefined;
  for (let i = 0; i < 5 && current && !current.shape; i++) current = current._zod?.def?.innerType as typeof current;
  return current;
}
