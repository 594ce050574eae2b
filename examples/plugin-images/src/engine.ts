import type { DockerService } from '@orcaops/plugin-api';

// #region engine
/**
 * The part of the host's Docker service these tools use. Declaring it keeps the tools honest about what they need
 * and lets a test hand them a small fake that the compiler checks against the SDK's own types.
 */
export type ImageEngine = Pick<DockerService, 'listImages' | 'inspectImage' | 'pullImage' | 'removeImage' | 'pruneImages' | 'buildImage'>;
// #endregion engine
