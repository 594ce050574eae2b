import type Dockerode from 'dockerode';
import { OrcaError, type BuildContext, type BuildOptions, type BuildResult } from '@orcaops/plugin-api';
import { throwIfAborted } from '../streams/consume.js';
import { readJsonLines } from '../streams/json-lines.js';
import { packDirectory } from './build-context.js';
import { buildEventError, buildRequestError, stepOf, type BuildStep } from './build-errors.js';
import { toProgress, type PullEvent } from './images.js';

/** One line of the classic builder's JSON progress stream. */
interface BuildEvent extends Omit<PullEvent, 'errorDetail'> {
  stream?: string;
  aux?: { ID?: string };
  errorDetail?: { code?: number; message?: string };
}

/**
 * Builds with the engine's classic builder (BuildKit needs a session protocol that dockerode does not speak).
 * Intermediate containers are removed even when a step fails (`forcerm`), so a failed build leaves no container
 * behind. Like a pull, the engine answers 200 at once and reports failures in the stream: the first error event
 * fails the build (and closes the stream). The image id comes from the stream's `aux` event.
 */
export async function buildImage(client: Dockerode, context: BuildContext, options: BuildOptions): Promise<BuildResult> {
  const signal = options.signal;
  throwIfAborted(signal);
  const dockerfile = options.dockerfile ?? 'Dockerfile';
  const packed = 'directory' in context ? await packDirectory(context.directory, dockerfile, options.maxContextBytes, signal) : null;
  const tags = [...(options.tags ?? [])];
  const query = {
    dockerfile,
    ...(tags.length > 0 ? { t: tags } : {}),
    ...(options.buildArgs ? { buildargs: options.buildArgs } : {}),
    ...(options.labels ? { labels: options.labels } : {}),
    ...(options.target ? { target: options.target } : {}),
    pull: options.pull ?? false,
    nocache: options.noCache ?? false,
    rm: true,
    forcerm: true,
  };
  const body = packed ? packed.tar : 'tar' in context ? context.tar : null;
  let stream: NodeJS.ReadableStream;
  try {
    // `_query` keeps the options (and the abort signal) out of each other's way in docker-modem.
    stream = await client.buildImage(body as NodeJS.ReadableStream, { _query: query, abortSignal: signal } as unknown as Dockerode.ImageBuildOptions);
  } catch (error) {
    throw packed?.failure() ?? buildRequestError(error, dockerfile) ?? error;
  }

  const seen: { step: BuildStep | null; imageId: string | null } = { step: null, imageId: null };
  try {
    await readJsonLines<BuildEvent>(
      stream,
      (event) => {
        if (event.error !== undefined || event.errorDetail !== undefined) {
          throw buildEventError(event.errorDetail?.message ?? event.error ?? 'unknown build error', event.errorDetail?.code, seen.step);
        }
        if (event.aux?.ID) seen.imageId = event.aux.ID;
        if (event.stream !== undefined) {
          const started = stepOf(event.stream);
          if (started) seen.step = started;
          options.onProgress?.({ output: event.stream, ...(started ? { step: { current: started.current, total: started.total } } : {}) });
        } else if (event.status !== undefined) {
          options.onProgress?.(toProgress(event));
        }
      },
      signal,
      'build',
    );
  } catch (error) {
    throw packed?.failure() ?? error;
  }
  if (seen.imageId === null) throw new OrcaError('DOCKER_ERROR', 'The build ended without an error, but the engine did not say which image it built.');
  return { imageId: seen.imageId, tags, contextBytes: packed ? packed.bytes : null };
}
