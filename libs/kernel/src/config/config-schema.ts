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
    plugin: z.string().min(1).describe('Package name or path of the plugin, or the name of a built-in plugin (e.g. @orcaops/plugin-jobs).'),
    options: z.record(z.string(), z.unknown()).optional().describe("The plugin's options, checked by the plugin's own schema (built-ins: below)."),
  }),
]);

/** Tool selections: which tools the hosts serve (a Custom GPT takes at most 30 operations and does better with fewer). */
export const TOOL_PRESETS = ['all', 'read-only', 'jobs', 'gpt'] as const;
export type ToolPreset = (typeof TOOL_PRESETS)[number];

export const ToolSelectionSchema = z.strictObject({
  preset: z
    .enum(TOOL_PRESETS)
    .default('all')
    .describe('The starting set: all; read-only (tools that change nothing); jobs (the jobs and runs tools and the read-only system ones); gpt (at most 30, for a Custom GPT).'),
  allow: z.array(z.string().min(1)).default([]).describe('Tools added to the preset, by name or by category (e.g. "sandboxes"); unknown names are warned about.'),
  deny: z.array(z.string().min(1)).default([]).describe('Tools taken out, by name or by category; wins over allow.'),
});
export type ToolSelection = z.infer<typeof ToolSelectionSchema>;

/** Bounds of the audit log's rotation (the same as the HTTP host's request log). */
export const AUDIT_MAX_BYTES_RANGE = { min: 4096, max: 1024 * 1024 * 1024 } as const;
export const AUDIT_KEEP_RANGE = { min: 1, max: 100 } as const;

/** `orcaops.config.json`. Unknown keys are rejected so that a typo is reported instead of silently ignored. */
export const ConfigFileSchema = z.strictObject({
  $schema: z.string().optional().describe('A JSON Schema URL for editors; ignored by OrcaOps.'),
  home: z
    .string()
    .min(1)
    .optional()
    .describe('Where OrcaOps keeps its state (runs, sandboxes registry, caches, audit log); ~ expands, relative paths are relative to the config file. ORCAOPS_HOME wins.'),
  logLevel: z.enum(LOG_LEVELS).optional().describe('Log level of the JSON log lines on stderr. ORCAOPS_LOG_LEVEL and --debug win.'),
  docker: z
    .strictObject({
      host: z.string().min(1).optional().describe('Engine address (unix://, tcp://, npipe://) when DOCKER_HOST is not set; without either, the Docker context, then the usual sockets are tried.'),
      timeouts: z
        .strictObject({
          readMs: z.number().int().min(0).max(3_600_000).optional().describe('Deadline for reads: list, inspect, info, ping.'),
          operationMs: z
            .number()
            .int()
            .min(0)
            .max(3_600_000)
            .optional()
            .describe('Deadline for operations: create, start, stop (plus its grace period), kill, remove, exec, the start of a pull.'),
          streamStartMs: z
            .number()
            .int()
            .min(0)
            .max(3_600_000)
            .optional()
            .describe('Deadline for the response headers of a stream (logs, attach, exec output, archive downloads); the stream itself has none.'),
        })
        .optional()
        .describe('How long the engine has to answer, per kind of request, in ms; 0 = no deadline. Past it, calls fail with DOCKER_UNAVAILABLE.'),
    })
    .optional(),
  replies: z
    .strictObject({
      defaultBytes: z
        .number()
        .int()
        .min(MIN_REPLY_BYTES)
        .max(MAX_REPLY_BYTES_CEILING)
        .optional()
        .describe('Reply limit of every call, in bytes on the wire (both copies of the envelope, after JSON escaping).'),
      maxBytes: z
        .number()
        .int()
        .min(MIN_REPLY_BYTES)
        .max(MAX_REPLY_BYTES_CEILING)
        .optional()
        .describe('The most a call may raise its reply limit to (with max_bytes), in bytes on the wire.'),
    })
    .refine((replies) => (replies.defaultBytes ?? 0) <= (replies.maxBytes ?? MAX_REPLY_BYTES_CEILING), 'defaultBytes must not exceed maxBytes')
    .optional(),
  tools: ToolSelectionSchema.optional().describe('The tools every host serves (MCP, TUI, CLI, HTTP); a tool left out is neither listed nor callable. The HTTP host may narrow them further (http.tools).'),
  readOnly: z.boolean().optional().describe('Serve only read-only tools, whatever tools says (--read-only does the same).'),
  audit: z
    .strictObject({
      enabled: z.boolean().optional().describe('Record every call of a tool that may change something in <home>/audit.log.'),
      maxBytes: z
        .number()
        .int()
        .min(AUDIT_MAX_BYTES_RANGE.min)
        .max(AUDIT_MAX_BYTES_RANGE.max)
        .optional()
        .describe('The log is rotated before a line would take it past this size.'),
      keep: z.number().int().min(AUDIT_KEEP_RANGE.min).max(AUDIT_KEEP_RANGE.max).optional().describe('Rotated files kept (audit.log.1 … audit.log.N).'),
    })
    .optional(),
  http: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('The HTTP host (orcaops serve): REST, OpenAPI and remote MCP. Read by the HTTP host, which gives the defaults.'),
  plugins: z
    .array(PluginEntrySchema)
    .optional()
    .describe('Extra plugins by package name (resolved from node_modules above the file) or path, or { plugin, options }; an entry naming a built-in plugin sets its options. Only these are loaded: the list is the trust boundary.'),
});

/** The parsed configuration file. */
export type ConfigFile = z.infer<typeof ConfigFileSchema>;
