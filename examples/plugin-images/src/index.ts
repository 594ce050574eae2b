import { definePlugin } from '@orcaops/plugin-api';
import { ImagesOptions, buildRoots } from './options.js';
import { createBuildImageTool } from './tools/build-image.js';
import { createListImagesTool } from './tools/list-images.js';
import { createPruneImagesTool } from './tools/prune-images.js';
import { createPullImageTool } from './tools/pull-image.js';
import { createRemoveImageTool } from './tools/remove-image.js';

// #region plugin
/** The plugin id, also the `org.orcaops.plugin` label of every image it builds. */
export const PLUGIN_ID = 'orcaops-plugin-images';

/**
 * Docker image tools for OrcaOps: list, pull, remove, prune and build. Everything goes through the host's Docker
 * service (`services.docker`), so these tools reach the same engine as OrcaOps's own, with its deadlines and errors.
 */
export default definePlugin({
  id: PLUGIN_ID,
  description: 'Docker images: list (with the containers using them), pull, remove, prune dangling, build from a Dockerfile.',
  toolPrefix: 'images',
  options: ImagesOptions,
  setup: ({ services, options }) => {
    const docker = services.docker;
    return {
      tools: [
        createListImagesTool(docker),
        createPullImageTool(docker),
        createBuildImageTool(docker, { roots: buildRoots(options), maxContextBytes: options.max_context_bytes, pluginId: PLUGIN_ID }),
        createRemoveImageTool(docker),
        createPruneImagesTool(docker),
      ],
    };
  },
});
// #endregion plugin

export { ImagesOptions } from './options.js';
export type { ImageEngine } from './engine.js';
