import type { AnyToolDefinition } from '@orcaops/plugin-api';

/** The REST API's version prefix. */
export const API_PREFIX = '/v1';
/** Every tool is also served here, by name: the route of tools that declare none, and a uniform one for scripts. */
export const GENERIC_PREFIX = `${API_PREFIX}/tools`;

/** One REST operation: a tool at a method and path. */
export interface HttpOperation {
  readonly tool: AnyToolDefinition;
  readonly pluginId: string;
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** As OpenAPI writes it, e.g. `/v1/jobs/{job_id}/logs`. */
  readonly path: string;
  /** Input fields taken from `{name}` path segments, in order. */
  readonly pathParams: readonly string[];
  /** Where the other input fields come from. */
  readonly argsIn: 'query' | 'body';
  /** True for `POST /v1/tools/<name>`, the route every tool has. */
  readonly generic: boolean;
}

/** The routes of the catalog: each tool's declared route (unless another tool took it first) and its generic one. */
export interface HttpOperations {
  /** One per tool: its declared route, else its generic one. What OpenAPI documents. */
  readonly primary: readonly HttpOperation[];
  /** Every route served: `primary` plus the generic route of tools that declared their own. */
  readonly all: readonly HttpOperation[];
  /** Declared routes not served because an earlier tool (in load order) holds the same method and path. */
  readonly clashes: readonly string[];
}

export function httpOperations(entries: ReadonlyArray<{ readonly tool: AnyToolDefinition; readonly pluginId: string }>): HttpOperations {
  const primary: HttpOperation[] = [];
  const generics: HttpOperation[] = [];
  const clashes: string[] = [];
  const taken = new Map<string, string>();
  for (const { tool, pluginId } of entries) {
    const generic: HttpOperation = { tool, pluginId, method: 'POST', path: `${GENERIC_PREFIX}/${tool.name}`, pathParams: [], argsIn: 'body', generic: true };
    const route = tool.http;
    if (!route) {
      primary.push(generic);
      continue;
    }
    const path = `${API_PREFIX}${route.path}`;
    // `/jobs/{job_id}` and `/jobs/{id}` are the same route to a router.
    const key = `${route.method} ${path.replace(/\{[^}]+\}/g, '{}')}`;
    const holder = taken.get(key);
    if (holder) {
      clashes.push(`${route.method} ${path} of ${tool.name} is already ${holder}'s; ${tool.name} is served at ${generic.path} only`);
      primary.push(generic);
      continue;
    }
    taken.set(key, tool.name);
    const pathParams = [...route.path.matchAll(/\{([a-z0-9_]+)\}/g)].map((match) => match[1]!);
    primary.push({ tool, pluginId, method: route.method, path, pathParams, argsIn: route.method === 'POST' ? 'body' : 'query', generic: false });
    generics.push(generic);
  }
  return { primary, all: [...primary, ...generics], clashes };
}
