import { z } from 'zod';
import { OrcaError, isOrcaError, defineTool, type ImageSummary, type ImageUser } from '@orcaops/plugin-api';
import type { ImageEngine } from '../engine.js';
import { LocalImageRef, shortId } from '../image-refs.js';

/** Containers named in a refusal; the count says how many there are. */
const NAMED_CONTAINERS = 10;

/**
 * `images_remove_image`: deletes an image reference, and the image with its last one. Refuses an image that any
 * container (running or stopped) was created from unless `force`, naming those containers: removing it would leave
 * them on an image nobody can name, and the engine's own refusal does not say which containers to look at.
 */
export function createRemoveImageTool(docker: ImageEngine) {
  return defineTool({
    name: 'images_remove_image',
    title: 'Remove an image',
    category: 'images',
    description:
      'Deletes an image from the engine; this cannot be undone (pull or build it again to get it back). Given a tag of an ' +
      'image with several tags, only that tag goes; given the last tag or the id, the image goes (and its untagged parent ' +
      'layers). Refused with CONFLICT, naming the containers, when any container (running or stopped) was created from ' +
      'the image, unless force=true; even with force the engine never removes an image a running container uses: stop ' +
      'and remove such containers first (orcaops_stop_container, orcaops_remove_container). force also removes an image ' +
      'by id that has several tags. Use images_list_images to see tags and the containers that use an image.',
    input: z.object({
      image: LocalImageRef.describe('A tag ("my-app:1.0"), a digest reference, or an image id (short or full).'),
      force: z.boolean().default(false).describe('Remove it even though stopped containers use it, or by id when it has several tags.'),
    }),
    output: z.object({
      image: z.string().describe('The image as given.'),
      id: z.string().describe('12-character short id of the image the reference pointed to.'),
      untagged: z.array(z.string()).describe('References removed.'),
      deleted: z.array(z.string()).describe('Short ids of the images deleted (the image, and parents nothing else needed).'),
      image_deleted: z.boolean().describe('False when only a tag went and the image stays under its other tags.'),
      containers: z
        .array(z.object({ id: z.string(), name: z.string(), state: z.string() }))
        .describe(`Containers that used the image (so force was needed), at most ${NAMED_CONTAINERS}.`),
      containers_total: z.number(),
    }),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    run: async ({ image, force }, ctx) => {
      const found = await docker.inspectImage(image, { signal: ctx.signal });
      if (!found) throw notFound(image);
      const summary = (await docker.listImages({}, { signal: ctx.signal })).find((candidate) => candidate.id === found.id);
      const users = summary?.containers ?? [];
      if (users.length > 0 && !force) throw inUse(image, summary!, users);
      // #region rethrow
      let removed;
      try {
        removed = await docker.removeImage(image, { force, signal: ctx.signal });
      } catch (error) {
        if (isOrcaError(error) && error.code === 'CONFLICT' && users.length > 0) throw inUse(image, summary!, users, error);
        throw error;
      }
      // #endregion rethrow
      return {
        image,
        id: shortId(found.id),
        untagged: [...removed.untagged],
        deleted: removed.deleted.map(shortId),
        image_deleted: removed.deleted.includes(found.id),
        containers: users.slice(0, NAMED_CONTAINERS).map(userRow),
        containers_total: users.length,
      };
    },
  });
}

// #region errors
function notFound(image: string): OrcaError {
  return new OrcaError('IMAGE_NOT_FOUND', `There is no image ${JSON.stringify(image)} on the engine.`, {
    suggestion: 'Check the tag or id with images_list_images.',
  });
}

function inUse(image: string, summary: ImageSummary, users: readonly ImageUser[], cause?: unknown): OrcaError {
  const running = users.filter((user) => user.state === 'running' || user.state === 'paused' || user.state === 'restarting');
  const named = users.slice(0, NAMED_CONTAINERS).map((user) => `${user.name} (${user.state})`).join(', ');
  const more = users.length > NAMED_CONTAINERS ? ` and ${users.length - NAMED_CONTAINERS} more` : '';
  const remedy =
    running.length > 0
      ? `Stop and remove ${running.length === users.length ? 'them' : 'the running ones'} first (orcaops_stop_container, orcaops_remove_container): the engine never removes an image a running container uses.`
      : 'Remove those containers first (orcaops_remove_container), or call images_remove_image again with force=true to remove the image anyway.';
  return new OrcaError('CONFLICT', `Image ${image} (${shortId(summary.id)}) is used by ${users.length} container${users.length === 1 ? '' : 's'}: ${named}${more}.`, {
    suggestion: remedy,
    details: { containers: users.slice(0, NAMED_CONTAINERS).map(userRow), containers_total: users.length },
    ...(cause === undefined ? {} : { cause }),
  });
}
// #endregion errors

function userRow(user: ImageUser): { id: string; name: string; state: string } {
  return { id: user.id.slice(0, 12), name: user.name, state: user.state };
}
