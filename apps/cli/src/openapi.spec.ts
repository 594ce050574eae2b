import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runCli, tempHome } from './test-fixtures/spawn-cli.js';

interface Operation {
  readonly operationId: string;
  readonly 'x-openai-isConsequential': boolean;
}
interface Document {
  readonly openapi: string;
  readonly servers: ReadonlyArray<{ readonly url: string }>;
  readonly paths: Record<string, Record<string, Operation>>;
}

const operationsOf = (document: Document): Operation[] => Object.values(document.paths).flatMap((item) => Object.values(item));

let home: ReturnType<typeof tempHome>;
let scratch: string;
beforeAll(() => {
  home = tempHome();
  scratch = mkdtempSync(join(tmpdir(), 'orcaops-openapi-'));
});
afterAll(() => {
  home.remove();
  rmSync(scratch, { recursive: true, force: true });
});
const run = (args: readonly string[]) => runCli(args, home.dir);

describe('orcaops openapi (built bin)', () => {
  it('prints the OpenAPI 3.1 document of every built-in tool on stdout', async () => {
    const result = await run(['openapi']);
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout) as Document;
    expect(document.openapi).toBe('3.1.0');
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThanOrEqual(20);
    expect(operations.map((operation) => operation.operationId)).toEqual(expect.arrayContaining(['orcaops_system_info', 'orcaops_run_job']));
    // Nothing configured: the local address, which ChatGPT cannot reach (said on stderr, not in the document).
    expect(document.servers).toEqual([{ url: 'http://127.0.0.1:8787' }]);
    expect(result.stderr).toMatch(/warning: the server URL http:\/\/127\.0\.0\.1:8787 is this machine/);
  });

  it('--preset read-only: only operations that change nothing, so none is consequential', async () => {
    const result = await run(['openapi', '--preset', 'read-only']);
    expect(result.code).toBe(0);
    const operations = operationsOf(JSON.parse(result.stdout) as Document);
    expect(operations.length).toBeGreaterThan(0);
    for (const operation of operations) expect(operation['x-openai-isConsequential']).toBe(false);
  });

  it('--preset gpt with a public URL imports as is: no GPT warnings, within 30 operations, written to a file', async () => {
    const output = join(scratch, 'gpt.json');
    const result = await run(['openapi', '--preset', 'gpt', '--server-url', 'https://orcaops.example.com', '-o', output]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(output);
    const document = JSON.parse(readFileSync(output, 'utf8')) as Document;
    expect(document.servers).toEqual([{ url: 'https://orcaops.example.com' }]);
    const operations = operationsOf(document);
    expect(operations.length).toBeLessThanOrEqual(30);
    expect(operations.map((operation) => operation.operationId)).not.toContain('orcaops_cleanup_containers');
    // Written through a temporary file that is gone afterwards.
    expect(readdirSync(scratch).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('takes the server URL and the tools from the http section of the configuration', async () => {
    const configFile = join(scratch, 'orcaops.config.json');
    writeFileSync(configFile, JSON.stringify({ http: { publicUrl: 'https://gpt.example.com', tools: { preset: 'jobs', deny: ['orcaops_system_info'], allow: ['orcaops_nope_thing'] } } }));
    const result = await run(['openapi', '--config', configFile]);
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout) as Document;
    expect(document.servers).toEqual([{ url: 'https://gpt.example.com' }]);
    const ids = operationsOf(document).map((operation) => operation.operationId);
    expect(ids).toContain('orcaops_run_job');
    expect(ids).not.toContain('orcaops_system_info');
    expect(ids).not.toContain('orcaops_list_containers');
    expect(result.stderr).toContain('orcaops_nope_thing');
  });

  it('refuses an unknown preset and a bad server URL as usage errors', async () => {
    const preset = await run(['openapi', '--preset', 'everything']);
    expect(preset.code).toBe(2);
    expect(preset.stdout).toBe('');
    expect(preset.stderr).toMatch(/--preset must be all, read-only, jobs, gpt, not "everything"/);
    const url = await run(['openapi', '--server-url', 'ftp://example.com']);
    expect(url.code).toBe(2);
    expect(url.stderr).toContain('--server-url');
  });

  it('an invalid http section is a configuration error', async () => {
    const configFile = join(scratch, 'bad.config.json');
    writeFileSync(configFile, JSON.stringify({ http: { port: 'eighty' } }));
    const result = await run(['openapi', '--config', configFile]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('http.port');
  });
});
