import { z } from 'zod';
import { LOG_LEVELS } from '@orcaops/plugin-api';

/** Smallest configurable reply limit: room for any error and a useful page. */
export const MIN_REPLY_BYTES = 4096;
/** Largest configurable reply limit, well under the 10 MiB a message that the MCP SDK's stdio client reads. */
export const MAX_REPLY_BYTES_CEILING = 4 * 1024 * 1024;

/** A plugin entry: a package name or path, or that plus options. */
export const PluginEntrySchema = z.union([
  z.string().min(1),
  z.strictObject({
    plugin: z.string().min(1),
    options: z.record(z.string(), z.unknown()).optional(),
  }),
]);

/** Tool selections: which tools the hosts serve (a Custom GPT takes at most 30 operations and does better with fewer). */
export const TOOL_PRESETS = ['all', 'read-only', 'jobs', 'gpt'] as const;
export type ToolPreset = (typeof TOOL_PRESETS)[number];

export const ToolSelectionSchema = z.strictObject({
  preset: z.enum(TOOL_PRESETS).default('all'),
  /** Tools added to the preset, by name or by category (e.g. "sandboxes"). */
  allow: z.array(z.string().min(1)).default([]),
  /** Tools taken out, by name or by category; wins over `allow`. */
  deny: z.array(z.string().min(1)).default([]),
});
export type ToolSelection = z.infer<typeof ToolSelectionSchema>;

/** Bounds of the audit log's rotation (the same as the HTTP host's request log). */
export const AUDIT_MAX_BYTES_RANGE = { min: 4096, max: 1024 * 1024 * 1024 } as const;
export const AUDIT_KEEP_RANGE = { min: 1, max: 100 } as const;

/** `orcaops.config.json`. Unknown keys are rejected so that a typo is reported instead of silently ignored. */
export const ConfigFileSchema = z.strictObject({
  $schema: z.string().optional(),
  /** Where OrcaOps keeps its state; `~` expands, relative paths are relative to the config file. */
  home: z.string().min(1).optional(),
  logLevel: z.enum(LOG_LEVELS).optional(),
  docker: z
    .strictObject({
      host: z.string().min(1).optional(),
      /** How long the engine has to answer, per kind of request, in ms; 0 = no deadline. */
      timeouts: z
        .strictObject({
          readMs: z.number().int().min(0).max(3_600_000).optional(),
          operationMs: z.number().int().min(0).max(3_600_000).optional(),
          streamStartMs: z.number().int().min(0).max(3_600_000).optional(),
        })
        .optional(),
    })
    .optional(),
  /** Reply limits in bytes on the wire (both copies of the envelope, after JSON escaping). */
  replies: z
    .strictObject({
      defaultBytes: z.number().int().min(MIN_REPLY_BYTES).max(MAX_REPLY_BYTES_CEILING).optional(),
      maxBytes: z.number().int().min(MIN_REPLY_BYTES).max(MAX_REPLY_BYTES_CEILING).optional(),
    })
    .refine((replies) => (replies.defaultBytes ?? 0) <= (replies.maxBytes ?? MAX_REPLY_BYTES_CEILING), 'defaultBytes must not exceed maxBytes')
    .optional(),
  /** The tools every host serves (MCP, TUI, CLI, HTTP); the HTTP host may narrow them further (`http.tools`). */
  tools: ToolSelectionSchema.optional(),
  /** Serve only read-only tools, whatever `tools` says (`--read-only` does the same). */
  readOnly: z.boolean().optional(),
  /** The audit log of calls that may change something, from every host (`<home>/audit.log`). */
  audit: z
    .strictObject({
      enabled: z.boolean().optional(),
      /** The log is rotated before a line would take it past this size. */
      maxBytes: z.number().int().min(AUDIT_MAX_BYTES_RANGE.min).max(AUDIT_MAX_BYTES_RANGE.max).optional(),
      /** Rotated files kept (audit.log.1 … audit.log.N). */
      keep: z.number().int().min(AUDIT_KEEP_RANGE.min).max(AUDIT_KEEP_RANGE.max).optional(),
    })
    .optional(),
  /** The HTTP host (`orcaops serve`): REST, OpenAPI and remote MCP. Read by libs/http-host, which gives the defaults. */
  http: z.record(z.string(), z.unknown()).optional(),
  /** Extra plugins, loaded after the built-ins. Only these are loaded: the list is the trust boundary. */
  plugins: z.array(PluginEntrySchema).optional(),
});

/** The parsed configuration file. */
export type ConfigFile = z.infer<typeof ConfigFileSchema>;
