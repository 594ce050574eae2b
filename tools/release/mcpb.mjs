// The Claude Desktop bundle (MCPB, manifest 0.3): the `orcaops` package installed with its runtime dependencies
// under server/, and a manifest whose tool list is read from that very server. The official MCPB CLI
// (@anthropic-ai/mcpb) validates the manifest and packs the zip, so the bundle is what Claude Desktop expects.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { orcaopsManifest } from './stage-package.mjs';
import { ROOT } from './workspace.mjs';

/** Where the server's entry lies inside the bundle. */
export const MCPB_ENTRY = 'server/node_modules/orcaops/bin/orcaops-mcp.js';
const MCPB_CLI = join(ROOT, 'node_modules/.bin/mcpb');

function exec(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output.slice(-4000)}`))));
  });
}

/** The tools the bundled server lists, each with the first sentence of its description (what Claude Desktop shows). */
async function listBundledTools(bundleDir) {
  const home = await mkdtemp(join(tmpdir(), 'orcaops-mcpb-home-'));
  const client = new Client({ name: 'orcaops-release', version: '1' });
  try {
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [join(bundleDir, MCPB_ENTRY)], cwd: home, env: { PATH: process.env.PATH ?? '', ORCAOPS_HOME: home }, stderr: 'ignore' }));
    const { tools } = await client.listTools();
    return tools.map((tool) => ({ name: tool.name, description: firstSentence(tool.description ?? '') }));
  } finally {
    await client.close();
    await rm(home, { recursive: true, force: true });
  }
}

function firstSentence(text) {
  const sentence = /^.*?[.!?](?=\s|$)/s.exec(text)?.[0] ?? text;
  return sentence.length <= 200 ? sentence : `${sentence.slice(0, 199)}…`;
}

/** The MCPB manifest for `version`, with `tools` as the server lists them. */
export function mcpbManifest(version, tools) {
  const pkg = orcaopsManifest(version);
  return {
    manifest_version: '0.3',
    name: 'orcaops',
    display_name: 'OrcaOps',
    version,
    description: 'Run work in Docker safely: jobs with logs and artifacts, sandboxes from templates, containers, run history.',
    long_description:
      'OrcaOps lets Claude run one-shot jobs in throwaway containers, start multi-service sandboxes from templates, ' +
      'inspect and clean up containers, and keep a durable history of runs with their logs and artifacts. It needs a ' +
      'Docker engine on this computer (Docker Desktop, Colima, Docker Engine, rootless Docker or Podman with its Docker ' +
      'API). Run `npx -y orcaops doctor` in a terminal when something does not work: every problem comes with its fix.',
    author: { name: 'OrcaOps maintainers', url: pkg.homepage },
    repository: { type: 'git', url: pkg.repository.url.replace(/^git\+/, '') },
    homepage: pkg.homepage,
    documentation: pkg.homepage,
    support: pkg.bugs.url,
    license: pkg.license,
    keywords: pkg.keywords,
    server: {
      type: 'node',
      entry_point: MCPB_ENTRY,
      mcp_config: {
        command: 'node',
        args: [`\${__dirname}/${MCPB_ENTRY}`],
        // Empty means unset to OrcaOps: the engine is then found as the docker CLI finds it, state goes to ~/.orcaops.
        env: { DOCKER_HOST: '${user_config.docker_host}', ORCAOPS_HOME: '${user_config.orcaops_home}' },
      },
    },
    tools,
    tools_generated: false,
    compatibility: { platforms: ['darwin', 'linux', 'win32'], runtimes: { node: pkg.engines.node } },
    user_config: {
      docker_host: {
        type: 'string',
        title: 'Docker engine address',
        description: 'Leave empty to use the active Docker context or the usual sockets. E.g. unix:///Users/me/.colima/default/docker.sock or tcp://127.0.0.1:2375.',
        required: false,
        default: '',
      },
      orcaops_home: {
        type: 'directory',
        title: 'OrcaOps state directory',
        description: 'Where OrcaOps keeps its run history, logs and artifacts. Leave empty for ~/.orcaops.',
        required: false,
        default: '',
      },
    },
  };
}

/**
 * Builds `outFile` from the packed tarballs: installs them (and their dependencies from the npm registry) into a
 * bundle folder, writes the manifest, validates and packs it with the MCPB CLI. Returns the manifest.
 */
export async function buildMcpb({ orcaopsTarball, pluginApiTarball, version, outFile }) {
  const bundleDir = await mkdtemp(join(tmpdir(), 'orcaops-mcpb-'));
  try {
    const serverDir = join(bundleDir, 'server');
    // A package.json of its own, so npm installs here rather than into a project it finds further up.
    await mkdir(serverDir, { recursive: true });
    await writeFile(join(serverDir, 'package.json'), '{ "private": true }\n');
    // Both tarballs in one install: the SDK satisfies orcaops's dependency on it without a registry for the scope.
    // Install scripts stay off: dockerode's optional native parts are not needed for the local socket.
    await exec('npm', ['install', '--prefix', serverDir, '--omit=dev', '--no-save', '--no-package-lock', '--ignore-scripts', '--no-audit', '--no-fund', pluginApiTarball, orcaopsTarball]);
    await rm(join(serverDir, 'package.json'), { force: true });
    const manifest = mcpbManifest(version, await listBundledTools(bundleDir));
    await writeFile(join(bundleDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await exec(MCPB_CLI, ['validate', join(bundleDir, 'manifest.json')]);
    await exec(MCPB_CLI, ['pack', bundleDir, outFile]);
    return manifest;
  } finally {
    await rm(bundleDir, { recursive: true, force: true });
  }
}
