// The MCP registry's rules for server.json (schema revision 2025-12-11), written out from its published reference
// so a release checks its entry with no network. Objects are strict here (an unknown key is an error, where the
// registry would ignore it): a misspelt field must not pass unnoticed. `checkAgainstPublishedSchema` validates
// against a downloaded copy of the published JSON Schema as well (`npm run release -- --registry-schema FILE`).
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/** One release, not a range or a moving tag: the registry rejects `latest`, `^1.2.3`, `~1.2`, `>=1`, `1.x`, `1.*`. */
const exactVersion = z
  .string()
  .min(1)
  .max(255)
  .refine((version) => version !== 'latest' && !/^[\^~<>=]|[*]|(^|\.)[xX](\.|$)|\|\||\s-\s/.test(version), 'must be one specific version, not "latest" or a range');

const url = z.url();

const Input = {
  description: z.string().optional(),
  isRequired: z.boolean().optional(),
  format: z.enum(['string', 'number', 'boolean', 'filepath']).optional(),
  value: z.string().optional(),
  isSecret: z.boolean().optional(),
  default: z.string().optional(),
  placeholder: z.string().optional(),
  choices: z.array(z.string()).optional(),
};

const KeyValueInput = z.strictObject({ name: z.string().min(1), ...Input });

const Argument = z.union([
  z
    .strictObject({ type: z.literal('positional'), valueHint: z.string().optional(), isRepeated: z.boolean().optional(), ...Input })
    .refine((argument) => argument.value !== undefined || argument.valueHint !== undefined, 'a positional argument needs value or valueHint'),
  z.strictObject({ type: z.literal('named'), name: z.string().min(1), isRepeated: z.boolean().optional(), ...Input }),
]);

const httpUrl = z.string().regex(/^https?:\/\/\S+$/, 'must be an http(s) URL');
const RemoteTransport = z.union([
  z.strictObject({ type: z.literal('streamable-http'), url: httpUrl, headers: z.array(KeyValueInput).optional() }),
  z.strictObject({ type: z.literal('sse'), url: httpUrl, headers: z.array(KeyValueInput).optional() }),
]);
const Transport = z.union([z.strictObject({ type: z.literal('stdio') }), ...RemoteTransport.options]);

const Package = z
  .strictObject({
    registryType: z.string().min(1),
    registryBaseUrl: url.optional(),
    identifier: z.string().min(1),
    version: exactVersion.optional(),
    fileSha256: z.string().regex(/^[a-f0-9]{64}$/, 'must be a lowercase hex SHA-256').optional(),
    runtimeHint: z.string().optional(),
    transport: Transport,
    runtimeArguments: z.array(Argument).optional(),
    packageArguments: z.array(Argument).optional(),
    environmentVariables: z.array(KeyValueInput).optional(),
  })
  .refine((pkg) => pkg.registryType !== 'mcpb' || pkg.fileSha256 !== undefined, 'an mcpb package needs fileSha256')
  .refine((pkg) => pkg.runtimeArguments === undefined || pkg.runtimeHint !== undefined, 'runtimeArguments need a runtimeHint');

export const ServerJsonRules = z.strictObject({
  $schema: url,
  name: z
    .string()
    .min(3)
    .max(200)
    .regex(/^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/, 'must be reverse-DNS namespace/name with exactly one slash'),
  title: z.string().min(1).max(100).optional(),
  description: z.string().min(1).max(100),
  version: exactVersion,
  repository: z.strictObject({ url, source: z.string().min(1), id: z.string().optional(), subfolder: z.string().optional() }).optional(),
  websiteUrl: url.optional(),
  icons: z.array(z.strictObject({ src: z.url({ protocol: /^https$/ }).max(255), mimeType: z.string().optional(), sizes: z.array(z.string()).optional(), theme: z.enum(['light', 'dark']).optional() })).optional(),
  packages: z.array(Package).optional(),
  remotes: z.array(RemoteTransport).optional(),
  _meta: z.record(z.string(), z.unknown()).optional(),
});

/** Every rule `entry` breaks, as `path: message` lines; empty when it follows them all. */
export function registryProblems(entry) {
  const result = ServerJsonRules.safeParse(entry);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

/** Validates `entry` with ajv against a copy of the registry's published JSON Schema; returns the problems. */
export async function checkAgainstPublishedSchema(entry, schemaFile) {
  const { default: Ajv } = await import('ajv');
  const { default: addFormats } = await import('ajv-formats');
  // The published schema uses `example`, which strict mode refuses as an unknown keyword.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(await readFile(schemaFile, 'utf8')));
  return validate(entry) ? [] : validate.errors.map((error) => `${error.instancePath || '(root)'}: ${error.message}`);
}
