import { resolve } from 'node:path';
import { z } from 'zod';
import { PathInput } from '@orcaops/plugin-api';

// #region options
/** The plugin's options, under `"options"` of its entry in `orcaops.config.json`. */
export const ImagesOptions = z.object({
  build_roots: z
    .array(PathInput)
    .max(50)
    .default([])
    .describe(
      'Directories images_build_image may read a build context from (the directories themselves and everything below them). ' +
        'Relative ones are resolved against the server\'s working directory. Default: the working directory alone.',
    ),
  max_context_bytes: z
    .number()
    .int()
    .min(1)
    .default(512 * 1024 * 1024)
    .describe('Largest build context (bytes of files after .dockerignore) a build may send to the engine.'),
});

/** The options after defaults. */
export type ImagesOptions = z.output<typeof ImagesOptions>;

/** The build roots as absolute paths, the first one being where a relative context starts. */
export function buildRoots(options: ImagesOptions, cwd = process.cwd()): string[] {
  return options.build_roots.length > 0 ? options.build_roots.map((root) => resolve(cwd, root)) : [cwd];
}
// #endregion options
