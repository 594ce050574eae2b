import { z } from 'zod';
import { defineTool, type PullProgress, type ToolContext } from '@orcaops/plugin-api';
import type { ImageEngine } from '../engine.js';
import { PullRef, shortId } from '../image-refs.js';

/** Least time between two progress notifications about the same phase of a pull, in milliseconds. */
const PROGRESS_INTERVAL_MS = 250;

/** `images_pull_image`: pulls an image from its registry, with progress; cancelling the call stops the pull. */
export function createPullImageTool(docker: ImageEngine) {
  return defineTool({
    name: 'images_pull_image',
    title: 'Pull an image',
    category: 'images',
    description:
      'Pulls an image from its registry onto the engine (a reference without a tag means :latest; never every tag). Reports ' +
      'progress while layers download and extract (layers done of layers seen, bytes downloaded); cancelling the call stops ' +
      'the pull. Returns the image id and digest and whether anything new was downloaded. IMAGE_NOT_FOUND when the registry ' +
      'has no such repository or tag (or denies access), IMAGE_PULL_FAILED when it cannot be reached. A pull can move a ' +
      'tag to a newer image; the old one then shows as dangling in images_list_images.',
    input: z.object({
      image: PullRef.describe('The image to pull, e.g. "alpine:3.20", "ghcr.io/org/app:1.2" or "name@sha256:<digest>".'),
    }),
    output: z.object({
      image: z.string().describe('The reference pulled, with :latest when no tag was given.'),
      id: z.string().describe('12-character short id of the local image.'),
      digest: z.string().nullable().describe('repo@sha256:… as the registry knows it.'),
      downloaded: z.boolean().describe('False when the local image was already up to date.'),
      layers: z.number().describe('Layers the pull reported on.'),
      duration_ms: z.number(),
    }),
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    // #region cancellation
    run: async ({ image }, ctx) => {
      const ref = withTag(image);
      const started = Date.now();
      const progress = pullProgress(ref, ctx);
      const pulled = await docker.pullImage(ref, { signal: ctx.signal, onProgress: progress.report });
      return {
        image: ref,
        id: shortId(pulled.id),
        digest: pulled.digest,
        downloaded: !progress.upToDate(),
        layers: progress.layers(),
        duration_ms: Date.now() - started,
      };
    },
    // #endregion cancellation
  });
}

/** `alpine` → `alpine:latest`; a tag or digest stays as given (a `:` after the last `/` is a tag, before it a port). */
export function withTag(ref: string): string {
  const name = ref.split('@')[0]!;
  return ref.includes('@') || name.slice(name.lastIndexOf('/') + 1).includes(':') ? ref : `${ref}:latest`;
}

// #region progress
/**
 * Turns the engine's pull events into MCP progress: a count that rises with every notification sent (MCP needs a
 * rising value, and neither the number of layers nor their sizes are known up front), with a message saying how many
 * layers are done and how much was downloaded. Byte updates are throttled; a layer finishing is always told.
 */
function pullProgress(ref: string, ctx: ToolContext) {
  const layers = new Map<string, { status: string; current: number; total: number }>();
  let sent = 0;
  let lastAt = 0;
  let upToDate = false;
  const report = (event: PullProgress): void => {
    if (/image is up to date/i.test(event.status)) upToDate = true;
    if (event.layer === undefined || /^pulling from /i.test(event.status)) return;
    const layer = layers.get(event.layer) ?? { status: '', current: 0, total: 0 };
    const changed = layer.status !== event.status;
    layer.status = event.status;
    if (event.status === 'Downloading') {
      layer.current = event.current ?? layer.current;
      layer.total = event.total ?? layer.total;
    } else if (/download complete|already exists|pull complete/i.test(event.status)) {
      layer.current = layer.total;
    }
    layers.set(event.layer, layer);
    const now = Date.now();
    if (!changed && now - lastAt < PROGRESS_INTERVAL_MS) return;
    lastAt = now;
    const done = [...layers.values()].filter((entry) => /pull complete|already exists/i.test(entry.status)).length;
    const bytes = [...layers.values()].reduce((sum, entry) => sum + entry.current, 0);
    ctx.progress({ progress: ++sent, message: `${ref}: ${done}/${layers.size} layers done, ${megabytes(bytes)} MB downloaded` });
  };
  return { report, upToDate: () => upToDate, layers: () => layers.size };
}
// #endregion progress

function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1);
}
