import type Dockerode from 'dockerode';
import type { ImageInfo, ImagePruneResult, ImageQuery, ImageRemoval, ImageSummary, ImageUser, PullProgress } from '@orcaops/plugin-api';
import { throwIfAborted } from '../streams/consume.js';
import { readJsonLines } from '../streams/json-lines.js';
import { PullEventError } from './pull-errors.js';
import { statusOf } from './status.js';

type Signal = AbortSignal | undefined;

/** The local image, or null on 404. */
export async function inspectImage(client: Dockerode, ref: string, signal: Signal): Promise<ImageInfo | null> {
  try {
    const info = await client.getImage(ref).inspect({ abortSignal: signal } as Dockerode.ImageInspectOptions);
    return { id: info.Id, digest: info.RepoDigests?.[0] ?? null };
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
}

/** One line of a pull's JSON progress stream. */
export interface PullEvent {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

/**
 * Pulls `ref` (a missing tag means `latest`, never "every tag"). The engine answers 200 as soon as it starts and
 * reports later failures as `error`/`errorDetail` lines in the stream, so every event is checked: the first
 * error fails the pull ({@link PullEventError}) and closes the stream, which cancels the pull in the engine. An
 * abort does the same. Resolves only on a complete, error-free stream.
 */
export async function pullImage(client: Dockerode, ref: string, onProgress: ((event: PullProgress) => void) | undefined, signal: Signal): Promise<void> {
  throwIfAborted(signal);
  const stream = (await client.pull(ref, { abortSignal: signal })) as NodeJS.ReadableStream;
  // `readJsonLines` settles on end, error, premature close and abort, destroying the stream on failure.
  await readJsonLines<PullEvent>(
    stream,
    (event) => {
      if (event.error !== undefined || event.errorDetail !== undefined) throw new PullEventError(event.errorDetail?.message ?? event.error ?? 'unknown pull error');
      onProgress?.(toProgress(event));
    },
    signal,
    `pull of ${ref}`,
  );
}

/** A pull (or a build's base image pull) event as the interface reports it. */
export function toProgress(event: PullEvent): PullProgress {
  const { current, total } = event.progressDetail ?? {};
  return {
    status: event.status ?? '',
    ...(event.id === undefined ? {} : { layer: event.id }),
    ...(typeof current === 'number' ? { current } : {}),
    ...(typeof total === 'number' ? { total } : {}),
  };
}

/** What the engine lists for an untagged image on older engines (newer ones send an empty list or null). */
const NONE_TAG = '<none>:<none>';
const NONE_DIGEST = '<none>@<none>';

/**
 * Top-level images (not the intermediate images of classic builds), newest first, each with the containers created
 * from it. The engine's own per-image container count is not computed by this endpoint, so the containers are
 * listed once and matched by image id.
 */
export async function listImages(client: Dockerode, query: ImageQuery, signal: Signal): Promise<ImageSummary[]> {
  const filters: Record<string, string[]> = {};
  if (query.dangling !== undefined) filters['dangling'] = [String(query.dangling)];
  if (query.labels) filters['label'] = labelFilters(query.labels);
  if (query.reference) filters['reference'] = [query.reference];
  const [rows, containers] = await Promise.all([
    client.listImages({ all: false, filters, abortSignal: signal } as Dockerode.ListImagesOptions),
    client.listContainers({ all: true, abortSignal: signal } as Dockerode.ContainerListOptions),
  ]);
  const users = new Map<string, ImageUser[]>();
  for (const container of containers) {
    const list = users.get(container.ImageID) ?? [];
    list.push({ id: container.Id, name: (container.Names?.[0] ?? '').replace(/^\//, ''), state: container.State });
    users.set(container.ImageID, list);
  }
  return rows
    .map((row) => {
      const tags = (row.RepoTags ?? []).filter((tag) => tag !== NONE_TAG);
      return {
        id: row.Id,
        tags,
        digests: (row.RepoDigests ?? []).filter((digest) => digest !== NONE_DIGEST),
        createdAt: new Date(row.Created * 1000).toISOString(),
        sizeBytes: row.Size,
        labels: row.Labels ?? {},
        dangling: tags.length === 0,
        containers: users.get(row.Id) ?? [],
      };
    })
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

interface DeleteItem {
  Untagged?: string;
  Deleted?: string;
}

export async function removeImage(client: Dockerode, ref: string, options: { force?: boolean; noPrune?: boolean }, signal: Signal): Promise<ImageRemoval> {
  const items = (await client.getImage(ref).remove({ force: options.force ?? false, noprune: options.noPrune ?? false, abortSignal: signal })) as DeleteItem[] | null;
  return removal(items ?? []);
}

/** Dangling images no container uses; with `labels`, only those carrying them. */
export async function pruneImages(client: Dockerode, labels: Readonly<Record<string, string | true>> | undefined, signal: Signal): Promise<ImagePruneResult> {
  const filters: Record<string, string[]> = { dangling: ['true'], ...(labels ? { label: labelFilters(labels) } : {}) };
  const result = (await client.pruneImages({ filters, abortSignal: signal })) as { ImagesDeleted?: DeleteItem[] | null; SpaceReclaimed?: number };
  return { ...removal(result.ImagesDeleted ?? []), reclaimedBytes: result.SpaceReclaimed ?? 0 };
}

function removal(items: readonly DeleteItem[]): ImageRemoval {
  return {
    untagged: items.flatMap((item) => (item.Untagged ? [item.Untagged] : [])),
    deleted: items.flatMap((item) => (item.Deleted ? [item.Deleted] : [])),
  };
}

function labelFilters(labels: Readonly<Record<string, string | true>>): string[] {
  return Object.entries(labels).map(([key, value]) => (value === true ? key : `${key}=${value}`));
}
