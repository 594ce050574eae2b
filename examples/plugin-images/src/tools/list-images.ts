import { z } from 'zod';
import { defineTool, fitPage, replyRoom, type ImageSummary } from '@orcaops/plugin-api';
import type { ImageEngine } from '../engine.js';
import { LabelFilters, labelQuery, shortId } from '../image-refs.js';

/** Containers named per image row; `containers_total` counts them all. */
const CONTAINERS_PER_ROW = 10;

const ImageUserRow = z.object({ id: z.string().describe('12-character short id.'), name: z.string(), state: z.string() });

const ImageRow = z.object({
  id: z.string().describe('12-character short id; the image tools accept it wherever they take an image.'),
  tags: z.array(z.string()).describe('repo:tag references; empty for a dangling image.'),
  digest: z.string().nullable().describe('repo@sha256:… for an image pulled from or pushed to a registry, else null.'),
  size_bytes: z.number().describe('Size, layers shared with other images included.'),
  created_at: z.string().describe('ISO 8601.'),
  dangling: z.boolean().describe('Has no tag: images_prune_images removes it once no container uses it.'),
  in_use: z.boolean().describe('Some container (of any state) was created from it.'),
  containers: z.array(ImageUserRow).describe(`Containers created from it, at most ${CONTAINERS_PER_ROW}.`),
  containers_total: z.number(),
});

/** `images_list_images`: the engine's images with tags, size, dangling state and the containers that use them. */
export function createListImagesTool(docker: ImageEngine) {
  return defineTool({
    name: 'images_list_images',
    title: 'List images',
    category: 'images',
    description:
      'Lists the Docker images on the engine, newest first, with their tags, size, whether they are dangling (no tag) and ' +
      `which containers (running or stopped) were created from them (at most ${CONTAINERS_PER_ROW} named per image, ` +
      'containers_total counts all). Filters (all must match): reference ("name", "name:tag", "*" as a wildcard within a ' +
      'path component, e.g. "myorg/*"), dangling, in_use and label ("key" or "key=value"). Paged: at most limit rows from ' +
      'offset, fewer when the reply budget ends the page first; page on with offset = next_offset (null on the last page). ' +
      'Use it before images_remove_image (to see what uses an image) or images_prune_images.',
    input: z.object({
      reference: z
        .string()
        .min(1)
        .max(512)
        .regex(/^[a-zA-Z0-9._\-/:@*]+$/, 'Expected a reference pattern such as "alpine", "alpine:3.*" or "myorg/*".')
        .optional()
        .describe('Only images whose repo:tag matches this pattern.'),
      dangling: z.boolean().optional().describe('true: only dangling images; false: only tagged ones.'),
      in_use: z.boolean().optional().describe('true: only images some container uses; false: only unused ones.'),
      label: LabelFilters.optional().describe('Only images carrying every one of these labels: "key" or "key=value".'),
      // #region paging-input
      offset: z.number().int().min(0).default(0).describe('Rows to pass over (next_offset of the previous page).'),
      limit: z.number().int().min(1).max(1000).default(100).describe('At most this many rows on the page.'),
      // #endregion paging-input
    }),
    output: z.object({
      images: z.array(ImageRow),
      total: z.number().describe('Images that matched, before paging.'),
      next_offset: z.number().nullable().describe('offset of the next page, or null when this page is the last.'),
      truncated: z.boolean().describe('True when matches after this page were left out (next_offset is not null).'),
    }),
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    presentation: { listField: 'images', columns: ['id', 'tags', 'size_bytes', 'created_at', 'in_use'] },
    // #region paging
    run: async ({ reference, dangling, in_use, label, offset, limit }, ctx) => {
      const labels = labelQuery(label);
      const listed = await docker.listImages(
        { ...(reference ? { reference } : {}), ...(dangling === undefined ? {} : { dangling }), ...(labels ? { labels } : {}) },
        { signal: ctx.signal },
      );
      const matched = listed.filter((image) => in_use === undefined || image.containers.length > 0 === in_use);
      // The page ends at limit or where the reply budget does, and next_offset is exactly the first row left out.
      return fitPage(matched.map(toRow), { offset, limit }, replyRoom(ctx.reply), (images, next_offset) => ({
        images,
        total: matched.length,
        next_offset,
        truncated: next_offset !== null,
      })).reply;
    },
    // #endregion paging
  });
}

function toRow(image: ImageSummary): z.infer<typeof ImageRow> {
  return {
    id: shortId(image.id),
    tags: [...image.tags],
    digest: image.digests[0] ?? null,
    size_bytes: image.sizeBytes,
    created_at: image.createdAt,
    dangling: image.dangling,
    in_use: image.containers.length > 0,
    containers: image.containers.slice(0, CONTAINERS_PER_ROW).map((container) => ({ id: container.id.slice(0, 12), name: container.name, state: container.state })),
    containers_total: image.containers.length,
  };
}
