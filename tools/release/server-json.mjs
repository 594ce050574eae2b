// The MCP registry entry (server.json): the npm package (`npx -y orcaops mcp`) and the Claude Desktop bundle,
// linked to the package by its `mcpName`.
import { orcaopsManifest } from './stage-package.mjs';

/** The registry schema revision this file follows (its rules are checked by registry-rules.mjs). */
export const SERVER_SCHEMA = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';

/** Where a release's .mcpb is downloaded from: the GitHub release of its tag. */
export const mcpbUrl = (version) => `https://github.com/orcaops/orcaops/releases/download/v${version}/orcaops-${version}.mcpb`;

const ENVIRONMENT = [
  { name: 'DOCKER_HOST', description: 'Docker engine address; unset, OrcaOps uses the active Docker context or the usual sockets.', isRequired: false },
  { name: 'ORCAOPS_HOME', description: 'State directory (run history, logs, artifacts); default ~/.orcaops.', isRequired: false, format: 'filepath' },
];

/** server.json for `version`; `mcpbSha256` is the SHA-256 of the release's .mcpb (the registry requires it). */
export function serverJson({ version, mcpbSha256 }) {
  const pkg = orcaopsManifest(version);
  return {
    $schema: SERVER_SCHEMA,
    name: pkg.mcpName,
    title: 'OrcaOps',
    description: 'Run work in Docker safely: jobs with logs and artifacts, sandboxes, containers, run history.',
    version,
    repository: { url: pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, ''), source: 'github' },
    websiteUrl: pkg.homepage,
    packages: [
      {
        registryType: 'npm',
        registryBaseUrl: 'https://registry.npmjs.org',
        identifier: pkg.name,
        version,
        runtimeHint: 'npx',
        packageArguments: [{ type: 'positional', value: 'mcp' }],
        transport: { type: 'stdio' },
        environmentVariables: ENVIRONMENT,
      },
      {
        registryType: 'mcpb',
        identifier: mcpbUrl(version),
        version,
        fileSha256: mcpbSha256,
        transport: { type: 'stdio' },
        environmentVariables: ENVIRONMENT,
      },
    ],
  };
}
