import { OrcaError, type BuildContext, type BuildOptions, type BuildProgress, type BuildResult, type CallOptions, type DockerService, type ImageInfo, type ImagePruneResult, type ImageQuery, type ImageRemoval, type ImageSummary, type PullProgress } from '@orcaops/plugin-api';
import type { ImageEngine } from '../engine.js';

/** What a scripted pull or build does: events in order, then success, a failure, or waiting until cancelled. */
export interface Script<E> {
  readonly events?: readonly E[];
  readonly fail?: OrcaError;
  readonly hang?: boolean;
}

/**
 * An in-memory engine holding images, for the tools' tests. It behaves as the SDK documents `DockerService`
 * (e.g. `CONFLICT` for an image in use without force, `CANCELLED` on abort); only what these tools call exists.
 */
export class FakeImageEngine implements ImageEngine {
  images: ImageSummary[] = [];
  pullScript: Script<PullProgress> = {};
  buildScript: Script<BuildProgress> = {};
  readonly calls: string[] = [];
  readonly builds: Array<{ context: BuildContext; options: BuildOptions }> = [];
  private added = 0;

  /** Adds an image, newest first; ids are `sha256:0001aaa…`, `sha256:0002aaa…`, … unless given. */
  add(image: Partial<ImageSummary> & { tags: readonly string[] }): ImageSummary {
    this.added++;
    const full: ImageSummary = {
      id: `sha256:${String(this.added).padStart(4, '0')}${'a'.repeat(60)}`,
      digests: [],
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, this.added)).toISOString(),
      sizeBytes: 1000,
      labels: {},
      dangling: image.tags.length === 0,
      containers: [],
      ...image,
    };
    this.images.unshift(full);
    return full;
  }

  async listImages(query: ImageQuery = {}, options: CallOptions = {}): Promise<ImageSummary[]> {
    check(options);
    return this.images.filter(
      (image) =>
        (query.dangling === undefined || image.dangling === query.dangling) &&
        (query.reference === undefined || image.tags.some((tag) => tag.startsWith(query.reference!.replace(/\*.*$/, '')))) &&
        Object.entries(query.labels ?? {}).every(([key, value]) => (value === true ? key in image.labels : image.labels[key] === value)),
    );
  }

  async inspectImage(ref: string, options: CallOptions = {}): Promise<ImageInfo | null> {
    check(options);
    const image = this.find(ref);
    return image ? { id: image.id, digest: image.digests[0] ?? null } : null;
  }

  async pullImage(ref: string, options: CallOptions & { onProgress?: (event: PullProgress) => void } = {}): Promise<ImageInfo> {
    this.calls.push(`pull ${ref}`);
    await play(this.pullScript, options.onProgress, options.signal);
    const image = this.find(ref) ?? this.add({ tags: [ref], digests: [`${ref.split(':')[0]}@sha256:${'d'.repeat(64)}`] });
    return { id: image.id, digest: image.digests[0] ?? null };
  }

  async removeImage(ref: string, options: CallOptions & { force?: boolean } = {}): Promise<ImageRemoval> {
    check(options);
    const image = this.find(ref);
    if (!image) throw new OrcaError('IMAGE_NOT_FOUND', `Image ${ref} is not present on the fake engine.`);
    if (image.containers.some((container) => container.state === 'running')) throw new OrcaError('CONFLICT', `Conflict while removing image ${ref}: image is being used by running container.`);
    if (image.containers.length > 0 && !options.force) throw new OrcaError('CONFLICT', `Conflict while removing image ${ref}: must be forced.`);
    this.calls.push(`rmi ${ref}${options.force ? ' force' : ''}`);
    const byTag = image.tags.includes(ref);
    const tags = byTag ? image.tags.filter((tag) => tag !== ref) : [];
    if (tags.length > 0) {
      Object.assign(image, { tags });
      return { untagged: [ref], deleted: [] };
    }
    this.images = this.images.filter((other) => other !== image);
    return { untagged: byTag ? [ref] : [...image.tags], deleted: [image.id] };
  }

  async pruneImages(options: CallOptions & { labels?: Readonly<Record<string, string | true>> } = {}): Promise<ImagePruneResult> {
    check(options);
    const pruned = (await this.listImages({ dangling: true, ...(options.labels ? { labels: options.labels } : {}) })).filter((image) => image.containers.length === 0);
    this.calls.push(`prune ${pruned.length}`);
    this.images = this.images.filter((image) => !pruned.includes(image));
    return { untagged: [], deleted: pruned.map((image) => image.id), reclaimedBytes: pruned.reduce((sum, image) => sum + image.sizeBytes, 0) };
  }

  async buildImage(context: BuildContext, options: BuildOptions = {}): Promise<BuildResult> {
    this.builds.push({ context, options });
    await play(this.buildScript, options.onProgress, options.signal);
    const image = this.add({ tags: [...(options.tags ?? [])], labels: { ...options.labels } });
    return { imageId: image.id, tags: [...(options.tags ?? [])], contextBytes: 42 };
  }

  private find(ref: string): ImageSummary | undefined {
    const id = /^(sha256:)?[a-f0-9]{12,64}$/.test(ref) ? ref.replace(/^sha256:/, '') : null;
    return this.images.find((image) => image.tags.includes(ref) || (id !== null && image.id.replace(/^sha256:/, '').startsWith(id)));
  }
}

// #region as-docker-service
/** The fake as the `DockerService` a plugin is set up with: the tools only call what {@link ImageEngine} names. */
export function asDockerService(engine: FakeImageEngine): DockerService {
  return engine as Partial<DockerService> as DockerService;
}
// #endregion as-docker-service

function check(options: CallOptions): void {
  if (options.signal?.aborted) throw new OrcaError('CANCELLED', 'Cancelled.');
}

async function play<E>(script: Script<E>, onEvent: ((event: E) => void) | undefined, signal: AbortSignal | undefined): Promise<void> {
  check({ ...(signal ? { signal } : {}) });
  for (const event of script.events ?? []) onEvent?.(event);
  if (script.fail) throw script.fail;
  if (script.hang) {
    await new Promise<void>((_resolve, reject) => {
      const cancel = () => reject(new OrcaError('CANCELLED', 'Cancelled while waiting for the engine.'));
      if (signal?.aborted) cancel();
      signal?.addEventListener('abort', cancel, { once: true });
    });
  }
}
