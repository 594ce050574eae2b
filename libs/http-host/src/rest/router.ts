import type { HttpOperation } from '../routes/operations.js';

/** What a request path and method resolved to. */
export type RouteMatch =
  | { readonly kind: 'operation'; readonly operation: HttpOperation; readonly pathValues: readonly string[] }
  | { readonly kind: 'method-not-allowed'; readonly allowed: readonly string[] }
  | { readonly kind: 'none' };

interface CompiledRoute {
  readonly operation: HttpOperation;
  /** A literal segment, or null for a `{field}`. */
  readonly segments: ReadonlyArray<string | null>;
  readonly literals: number;
}

/**
 * Matches `METHOD /v1/...` to an operation. Literal segments win over `{field}` ones, so `POST /v1/containers/cleanup`
 * is the cleanup tool, not a container named "cleanup"; path values are percent-decoded.
 */
export class Router {
  private readonly routes: readonly CompiledRoute[];

  constructor(operations: readonly HttpOperation[]) {
    this.routes = operations
      .map((operation) => {
        const segments = operation.path.split('/').slice(1).map((segment) => (segment.startsWith('{') ? null : segment));
        return { operation, segments, literals: segments.filter((segment) => segment !== null).length };
      })
      .sort((a, b) => b.literals - a.literals);
  }

  match(method: string, pathname: string): RouteMatch {
    let parts: string[];
    try {
      parts = pathname.split('/').slice(1).map((part) => decodeURIComponent(part));
    } catch {
      return { kind: 'none' };
    }
    const allowed = new Set<string>();
    for (const route of this.routes) {
      const values = matchSegments(route.segments, parts);
      if (!values) continue;
      if (route.operation.method === method || (method === 'HEAD' && route.operation.method === 'GET')) return { kind: 'operation', operation: route.operation, pathValues: values };
      allowed.add(route.operation.method);
    }
    return allowed.size > 0 ? { kind: 'method-not-allowed', allowed: [...allowed] } : { kind: 'none' };
  }
}

function matchSegments(segments: ReadonlyArray<string | null>, parts: readonly string[]): string[] | null {
  if (segments.length !== parts.length) return null;
  const values: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (segment === null) {
      if (parts[i] === '') return null;
      values.push(parts[i]!);
    } else if (segment !== parts[i]) {
      return null;
    }
  }
  return values;
}
