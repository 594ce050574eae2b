import type { z } from 'zod';

/** An argument key the schema does not declare, with where it was found and what is allowed there. */
export interface UnknownKey {
  readonly path: ReadonlyArray<string | number>;
  readonly key: string;
  readonly allowed: readonly string[];
}

interface SchemaDef {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly catchall?: z.ZodType;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly getter?: () => z.ZodType;
  readonly element?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly valueType?: z.ZodType;
  readonly items?: readonly z.ZodType[];
  readonly rest?: z.ZodType | null;
  readonly left?: z.ZodType;
  readonly right?: z.ZodType;
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional', 'success']);

/** At most this many unknown keys are reported: enough to fix a call, bounded for hostile input. */
const MAX_REPORTED = 20;

/**
 * Keys in `value` that `schema` does not declare, at any depth. zod's default object mode strips such keys
 * silently, which turned a misspelt `dryrun` into a real run; the invoker refuses them instead. Objects that
 * declare a catch-all (`z.looseObject`, records) accept any key.
 */
export function findUnknownKeys(schema: z.ZodType, value: unknown, path: ReadonlyArray<string | number> = []): UnknownKey[] {
  const found: UnknownKey[] = [];
  walk(schema, value, path, found, 0);
  return found.slice(0, MAX_REPORTED);
}

function walk(schema: z.ZodType, value: unknown, path: ReadonlyArray<string | number>, found: UnknownKey[], depth: number): void {
  if (found.length >= MAX_REPORTED || depth > 64 || value === null || typeof value !== 'object') return;
  const def = (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
  if (WRAPPERS.has(def.type) && def.innerType) return walk(def.innerType, value, path, found, depth + 1);
  if (def.type === 'pipe' && def.in) return walk(def.in, value, path, found, depth + 1);
  if (def.type === 'lazy' && def.getter) return walk(def.getter(), value, path, found, depth + 1);
  if (def.type === 'intersection' && def.left && def.right) {
    // A key is unknown only when neither side declares it.
    const left = findUnknownKeys(def.left, value, path);
    const right = new Set(findUnknownKeys(def.right, value, path).map(describe));
    found.push(...left.filter((unknown) => right.has(describe(unknown))));
    return;
  }
  if (def.type === 'union' && def.options) {
    // The options the value fits (unknown keys aside) are the ones the caller meant; report the best one's keys.
    const fitting = def.options.filter((option) => option.safeParse(value).success);
    const candidates = (fitting.length > 0 ? fitting : def.options).map((option) => findUnknownKeys(option, value, path));
    const best = candidates.reduce((a, b) => (b.length < a.length ? b : a), candidates[0] ?? []);
    found.push(...best);
    return;
  }
  if (Array.isArray(value)) {
    if (def.type === 'array' && def.element) value.forEach((item, index) => walk(def.element!, item, [...path, index], found, depth + 1));
    if (def.type === 'tuple' && def.items) {
      value.forEach((item, index) => {
        const itemSchema = def.items![index] ?? def.rest;
        if (itemSchema) walk(itemSchema, item, [...path, index], found, depth + 1);
      });
    }
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (def.type === 'record' && def.valueType) {
    for (const [key, item] of entries) walk(def.valueType, item, [...path, key], found, depth + 1);
    return;
  }
  if (def.type !== 'object' || !def.shape) return;
  const shape = def.shape;
  const acceptsAny = def.catchall !== undefined && (def.catchall as unknown as { _zod: { def: SchemaDef } })._zod.def.type !== 'never';
  for (const [key, item] of entries) {
    const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (field) walk(field, item, [...path, key], found, depth + 1);
    else if (!acceptsAny && found.length < MAX_REPORTED) found.push({ path, key, allowed: Object.keys(shape) });
  }
}

function describe(unknown: UnknownKey): string {
  return JSON.stringify([...unknown.path, unknown.key]);
}
