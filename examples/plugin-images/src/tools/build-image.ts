import { z } from 'zod';
import { LABELS, OrcaError, PathInput, ProcessTextInput, REPLY_HEADROOM_BYTES, defineTool, isOrcaError, outputReadBytes, replyRoom, replyWireBytes } from '@orcaops/plugin-api';
import { checkContext } from '../build-context.js';
import { BuildLog } from '../build-log.js';
import type { ImageEngine } from '../engine.js';
import { TagRef, shortId } from '../image-refs.js';

/** Default and largest `log_bytes`: the tail a reply shows, in bytes of JSON text. */
const DEFAULT_LOG_BYTES = 16 * 1024;
const MAX_LOG_BYTES = 1024 * 1024;
/** The tail a failed build's error carries: enough for the failing step's output, small enough for any error. */
const ERROR_LOG_BYTES = 4 * 1024;

const LabelKey = z.string().min(1).max(256).regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]*$/, 'Expected a label or argument name (letters, digits, . _ - /).');

/** What `images_build_image` needs from the plugin's options. */
export interface BuildSettings {
  readonly roots: readonly string[];
  readonly maxContextBytes: number;
  /** Set as `org.orcaops.plugin` on every image built, so anyone can tell where it came from. */
  readonly pluginId: string;
}

/** `images_build_image`: builds an image from a Dockerfile in an allowed directory, with progress and the log's tail. */
export function createBuildImageTool(docker: ImageEngine, settings: BuildSettings) {
  return defineTool({
    name: 'images_build_image',
    title: 'Build an image',
    category: 'images',
    description:
      'Builds an image from a Dockerfile with the engine\'s (classic) builder. context is a directory inside the plugin\'s ' +
      `build roots (${settings.roots.join(', ')}); relative paths start at the first one; a path or symbolic link leading ` +
      'out of them is refused (PERMISSION_DENIED). dockerfile is relative to the context (default "Dockerfile") and must ' +
      'stay inside it. The context\'s .dockerignore is honoured; links inside it are sent as links, never followed. ' +
      'Reports progress per step (Step n of N); cancelling the call stops the build. Returns the image id, its tags and ' +
      'the end of the build log (log_bytes of text, default 16 KiB; total_bytes says how long the whole log was). A failing ' +
      'step gives DOCKER_ERROR with the step, its exit code and the end of the log in details; a missing base image ' +
      'IMAGE_NOT_FOUND; a Dockerfile the engine cannot parse VALIDATION_ERROR. Rebuilding a tag leaves the previous image ' +
      'dangling (images_prune_images removes such images).',
    // #region inputs
    input: z.object({
      context: PathInput.describe('The build context directory: absolute, or relative to the first build root.'),
      dockerfile: PathInput.default('Dockerfile').describe('The Dockerfile, relative to the context.'),
      tags: z.array(TagRef).max(10).default([]).describe('Names to give the image, e.g. ["my-app:1.0", "my-app:latest"].'),
      build_args: z.record(LabelKey, ProcessTextInput.max(16_384)).optional().describe('ARG values.'),
      labels: z.record(LabelKey, z.string().max(16_384)).optional().describe('Labels to set on the image.'),
      target: z.string().min(1).max(128).regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/, 'Expected a stage name.').optional().describe('Build stage to stop at.'),
      pull: z.boolean().default(false).describe('Pull newer versions of the base images even when present.'),
      no_cache: z.boolean().default(false).describe('Do not reuse layers from earlier builds.'),
      log_bytes: z.number().int().min(256).max(MAX_LOG_BYTES).default(DEFAULT_LOG_BYTES).describe('How much of the end of the build log to return, in bytes of JSON text.'),
    }),
    // #endregion inputs
    output: z.object({
      image_id: z.string().describe('Full image id (sha256:…); its first 12 hex digits are the short id.'),
      id: z.string().describe('12-character short id.'),
      tags: z.array(z.string()),
      context_bytes: z.number().describe('Bytes of files sent to the engine (after .dockerignore).'),
      steps: z.number().describe('Steps the build ran (the labels set count as the last one).'),
      duration_ms: z.number(),
      build_log: z.object({
        text: z.string().describe('The end of the build output.'),
        total_bytes: z.number(),
        shown_bytes: z.number(),
        truncated: z.boolean().describe('True when the start of the log was left out.'),
        replaced: z.number().describe('Escape sequences removed or characters replaced to show it as text.'),
      }),
    }),
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    run: async (args, ctx) => {
      const checked = await checkContext(settings.roots, args.context, args.dockerfile);
      const started = Date.now();
      // #region reply-raise
      // Both copies of the tail, and the rest of the reply around it, must fit: ask for more room only when needed.
      if (args.log_bytes > DEFAULT_LOG_BYTES) ctx.reply.raise(2 * args.log_bytes + 4 * REPLY_HEADROOM_BYTES);
      const log = new BuildLog(Math.max(outputReadBytes({ encoding: 'text', maxBytes: args.log_bytes, maxReplyBytes: ctx.reply.limit }), ERROR_LOG_BYTES));
      // #endregion reply-raise
      let steps = 0;
      let result;
      try {
        result = await docker.buildImage(
          { directory: checked.directory },
          {
            dockerfile: checked.dockerfile,
            tags: args.tags,
            labels: { ...args.labels, [LABELS.plugin]: settings.pluginId },
            ...(args.build_args ? { buildArgs: args.build_args } : {}),
            ...(args.target ? { target: args.target } : {}),
            pull: args.pull,
            noCache: args.no_cache,
            maxContextBytes: settings.maxContextBytes,
            signal: ctx.signal,
            // #region progress
            onProgress: (event) => {
              if (event.output !== undefined) log.append(event.output);
              if (event.step) {
                steps = event.step.current;
                ctx.progress({ progress: event.step.current, total: event.step.total, message: event.output?.split('\n')[0] ?? `Step ${event.step.current}/${event.step.total}` });
              }
            },
            // #endregion progress
          },
        );
      } catch (error) {
        throw withLog(error, log);
      }
      // #region fit-reply
      const reply = (build_log: ReturnType<BuildLog['tail']>) => ({
        image_id: result.imageId,
        id: shortId(result.imageId),
        tags: [...result.tags],
        context_bytes: result.contextBytes ?? 0,
        steps,
        duration_ms: Date.now() - started,
        build_log,
      });
      const fixed = replyWireBytes(reply(log.tail(0, 0)));
      return reply(log.tail(args.log_bytes, Math.max(0, replyRoom(ctx.reply) - fixed)));
      // #endregion fit-reply
    },
  });
}

// #region error-details
/** The service's error with the end of the build log in its details, where the reason for a failed step is. */
function withLog(error: unknown, log: BuildLog): unknown {
  if (!isOrcaError(error) || error.code === 'CANCELLED') return error;
  const tail = log.tail(ERROR_LOG_BYTES, 2 * ERROR_LOG_BYTES + 64);
  if (tail.total_bytes === 0) return error;
  return new OrcaError(error.code, error.message, {
    suggestion: error.suggestion,
    details: { ...error.details, build_log: tail.text, build_log_total_bytes: tail.total_bytes },
    cause: error,
  });
}
// #endregion error-details
