import { z } from 'zod';

/** A registry host with an optional port, then `/`: `ghcr.io/`, `localhost:5000/`. */
const HOST = String.raw`(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?/)?`;
/** Lower-case path components separated by `/`, each words joined by `.`, `_`, `__` or dashes. */
const PATH = String.raw`[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*`;
const TAG = String.raw`(?::[\w][\w.-]{0,127})`;
const DIGEST = String.raw`(?:@sha256:[a-f0-9]{64})`;
const ID = String.raw`(?:sha256:)?[a-f0-9]{12,64}`;

/**
 * Docker's reference grammar, checked before anything reaches the engine: a reference goes into the engine's URL,
 * so a value such as `../containers/x` must never get that far.
 */
const PULLABLE = new RegExp(`^${HOST}${PATH}${TAG}?${DIGEST}?$`);
const TAGGABLE = new RegExp(`^${HOST}${PATH}${TAG}?$`);
const LOCAL = new RegExp(`^(?:${ID}|${HOST}${PATH}${TAG}?${DIGEST}?)$`);

/** An image to pull: `name[:tag][@digest]`, with a registry host when not Docker Hub; no tag means `latest`. */
export const PullRef = z
  .string()
  .min(1)
  .max(512)
  .regex(PULLABLE, 'Expected an image reference such as "alpine:3.20", "ghcr.io/org/app:1" or "name@sha256:<64 hex>" (names are lower case).');

/** A name to give a built image: `name[:tag]`. */
export const TagRef = z.string().min(1).max(512).regex(TAGGABLE, 'Expected a tag such as "my-app:1.0" or "registry.local:5000/team/app" (lower-case name, optional :tag).');

/** A local image: a reference as for a pull, or an image id (12 to 64 hex digits, optionally `sha256:`). */
export const LocalImageRef = z.string().min(1).max(512).regex(LOCAL, 'Expected an image reference such as "alpine:3.20", or an image id (12-64 hex digits).');

/** `sha256:3f2a…` → the 12 hex digits the Docker CLI shows, which every image tool accepts back. */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

/** Label filters: `key` (any value) or `key=value`. */
export const LabelFilters = z
  .array(z.string().min(1).max(512).regex(/^[^=\s\0][^=\0]*(=[^\0]*)?$/, 'Expected "key" or "key=value".'))
  .max(20);

/** `["a", "b=1"]` → `{ a: true, b: "1" }`, the service's label query. */
export function labelQuery(filters: readonly string[] | undefined): Record<string, string | true> | undefined {
  if (!filters || filters.length === 0) return undefined;
  return Object.fromEntries(filters.map((filter) => (filter.includes('=') ? [filter.slice(0, filter.indexOf('=')), filter.slice(filter.indexOf('=') + 1)] : [filter, true])));
}
