import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { makeTempDir } from '@orcaops/testing';
import { runCli } from '../run-cli.js';
import { memoryIo } from '../test-fixtures/memory-io.js';

let dir: Awaited<ReturnType<typeof makeTempDir>>;
beforeEach(async () => {
  dir = await makeTempDir('orcaops-plugin-new-');
});
afterEach(() => dir.remove());

async function run(argv: readonly string[]) {
  const io = memoryIo(dir.path);
  const code = await runCli(argv, io);
  return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
}

describe('orcaops plugin new', () => {
  it('writes the package to ./<name without scope> and says what it wrote and what to do next', async () => {
    const result = await run(['plugin', 'new', '@acme/orcaops-hello']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const target = join(dir.path, 'orcaops-hello');
    expect(readdirSync(target).sort()).toEqual(['.gitignore', 'README.md', 'package.json', 'src', 'tsconfig.json']);
    expect(readdirSync(join(target, 'src')).sort()).toEqual(['get-engine.test.ts', 'get-engine.ts', 'index.ts']);
    expect(result.stdout).toContain(`Wrote plugin @acme/orcaops-hello to ${target}, tool prefix "hello":\n  .gitignore\n`);
    expect(result.stdout).toContain('\n  cd orcaops-hello\n  npm install');
    expect(result.stdout).toContain('npm test');
    expect(result.stdout).toContain(`{ "plugins": [${JSON.stringify(target)}] }`);
    expect(result.stdout).toContain('orcaops call hello_get_engine');
  });

  it('writes to --dir, resolved from the working directory, with the --prefix given', async () => {
    const result = await run(['plugin', 'new', 'engine-facts', '--dir', 'plugins/facts', '--prefix', 'facts']);
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir.path, 'plugins', 'facts', 'src', 'get-engine.ts'), 'utf8')).toContain("name: 'facts_get_engine'");
    expect(result.stdout).toContain('\n  cd plugins/facts\n');
  });

  it('refuses a bad name or prefix with exit 2 and writes nothing', async () => {
    const badName = await run(['plugin', 'new', 'Hello']);
    expect(badName).toMatchObject({ code: 2, stdout: '' });
    expect(badName.stderr).toContain('"Hello" cannot be a plugin package name: npm package names are lower case.');
    const reserved = await run(['plugin', 'new', 'hello', '--prefix', 'orcaops']);
    expect(reserved.code).toBe(2);
    expect(reserved.stderr).toContain("reserved for OrcaOps's own tools");
    expect(readdirSync(dir.path)).toEqual([]);
  });

  it('refuses a non-empty directory unless --force, which keeps the files it does not write', async () => {
    mkdirSync(join(dir.path, 'hello'));
    writeFileSync(join(dir.path, 'hello', 'NOTES.md'), 'mine');
    const refused = await run(['plugin', 'new', 'hello']);
    expect(refused).toMatchObject({ code: 2, stdout: '' });
    expect(refused.stderr).toContain('is not empty');
    expect(readdirSync(join(dir.path, 'hello'))).toEqual(['NOTES.md']);

    const forced = await run(['plugin', 'new', 'hello', '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('(into the existing directory)');
    expect(readdirSync(join(dir.path, 'hello')).sort()).toEqual(['.gitignore', 'NOTES.md', 'README.md', 'package.json', 'src', 'tsconfig.json']);
  });

  it('reports a directory it cannot create with exit 1', async () => {
    writeFileSync(join(dir.path, 'blocker'), '');
    const result = await run(['plugin', 'new', 'hello', '--dir', 'blocker/hello']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`could not write the plugin to ${join(dir.path, 'blocker', 'hello')}`);
  });
});
