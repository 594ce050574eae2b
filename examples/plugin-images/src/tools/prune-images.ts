import { z } from 'zod';
import { defineTool, fitItems, replyRoom } from '@orcaops/plugin-api';
import type { ImageEngine } from '../engine.js';
import { LabelFilters, labelQuery, shortId } from '../image-refs.js';

const PrunedRow = z.object({
  id: z.string().describe('12-character short id.'),
  size_bytes: z.number().nullable().describe('Size (dry run only: the engine reports only ids of what it deleted).'),
  created_at: z.string().nullable().describe('ISO 8601 (dry run only).'),
});

// #region tool
/**
 * `images_prune_images`: removes dangling images no container uses. A dry run is the default, unlike
 * orcaops_cleanup_containers (which only touches OrcaOps's own containers): dangling images are anyone's, e.g.
 * another project's build cache, so the caller looks before anything goes.
 */
export function createPruneImagesTool(docker: ImageEngine) {
  return defineTool({
    name: 'images_prune_images',
    title: 'Prune dangling images',
    category: 'images',
    description:
      'Removes dangling images (no tag) that no container uses, freeing disk space; what it removes cannot be recovered. ' +
      'dry_run defaults to true: the first call only lists what would go and how many bytes that frees at most (layers ' +
      'shared between images are counted once per image); call again with dry_run=false to remove them. label (each ' +
      '"key" or "key=value") narrows it to images carrying those labels. Tagged images and images used by any container ' +
      'are never touched; remove those one by one with images_remove_image. The list is cut to fit the reply ' +
      '(omitted says how many ids were left out; count is the full number).',
    input: z.object({
      dry_run: z.boolean().default(true).describe('Only list what would be removed (the default). false removes them.'),
      label: LabelFilters.optional().describe('Only images carrying every one of these labels: "key" or "key=value".'),
    }),
    output: z.object({
      dry_run: z.boolean(),
      images: z.array(PrunedRow).describe('What would be removed (dry run) or was removed.'),
      count: z.number().describe('Images that would be (or were) removed.'),
      reclaimed_bytes: z.number().describe('Dry run: sum of their sizes, an upper bound. Otherwise the space the engine says it freed.'),
      omitted: z.number().describe('Images counted but left out of the list to fit the reply.'),
    }),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    run: async ({ dry_run, label }, ctx) => {
      const labels = labelQuery(label);
      let rows: z.infer<typeof PrunedRow>[];
      let reclaimed: number;
      if (dry_run) {
        // What the engine's prune removes: dangling images that no container, in any state, was created from.
        const candidates = (await docker.listImages({ dangling: true, ...(labels ? { labels } : {}) }, { signal: ctx.signal })).filter((image) => image.containers.length === 0);
        rows = candidates.map((image) => ({ id: shortId(image.id), size_bytes: image.sizeBytes, created_at: image.createdAt }));
        reclaimed = candidates.reduce((sum, image) => sum + image.sizeBytes, 0);
      } else {
        const pruned = await docker.pruneImages({ ...(labels ? { labels } : {}), signal: ctx.signal });
        rows = pruned.deleted.map((id) => ({ id: shortId(id), size_bytes: null, created_at: null }));
        reclaimed = pruned.reclaimedBytes;
      }
      const reply = (kept: readonly z.infer<typeof PrunedRow>[]) => ({ dry_run, images: [...kept], count: rows.length, reclaimed_bytes: reclaimed, omitted: rows.length - kept.length });
      return fitItems(rows, replyRoom(ctx.reply), reply).reply;
    },
  });
}
// #endregion tool
