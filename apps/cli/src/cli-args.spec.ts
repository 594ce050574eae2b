import { describe, expect, it } from '@jest/globals';
import { parseCliArgs } from './cli-args.js';
import { cliLogLevel } from './start-kernel.js';

describe('parseCliArgs', () => {
  it('parses each command with its flags, in any order', () => {
    expect(parseCliArgs(['tui', '--config', 'a.json', '--debug'])).toEqual({ kind: 'tui', configPath: 'a.json', debug: true });
    expect(parseCliArgs(['--debug', 'tools'])).toEqual({ kind: 'tools', stats: false, quiet: false, json: false, debug: true });
    expect(parseCliArgs(['tools', '--stats'])).toEqual({ kind: 'tools', stats: true, quiet: false, json: false, debug: false });
    expect(parseCliArgs(['call', 'orcaops_x'])).toEqual({ kind: 'call', tool: 'orcaops_x', debug: false });
    expect(parseCliArgs(['call', 'orcaops_x', '{"a":1}', '--config=b.json'])).toEqual({
      kind: 'call',
      tool: 'orcaops_x',
      argsText: '{"a":1}',
      configPath: 'b.json',
      debug: false,
    });
  });

  it('parses doctor and its --json, which no other command takes', () => {
    expect(parseCliArgs(['doctor'])).toEqual({ kind: 'doctor', json: false, debug: false });
    expect(parseCliArgs(['doctor', '--json', '--config', 'c.json'])).toEqual({ kind: 'doctor', json: true, configPath: 'c.json', debug: false });
    expect(parseCliArgs(['tui', '--json'])).toEqual({ kind: 'usage-error', message: '--json is not used by "orcaops tui".' });
    expect(parseCliArgs(['plugin', 'new', 'x', '--json'])).toEqual({ kind: 'usage-error', message: '--json is not used by "orcaops plugin new".' });
    expect(parseCliArgs(['doctor', 'extra'])).toEqual({ kind: 'usage-error', message: 'Wrong number of arguments: expected "orcaops doctor [--json]".' });
  });

  it('mcp after an option is bad usage saying where mcp goes (the bin starts the server only when it comes first)', () => {
    expect(parseCliArgs(['--debug', 'mcp'])).toEqual({ kind: 'usage-error', message: 'Put mcp first, options after it: "orcaops mcp [--config FILE] [--debug]".' });
  });

  it('parses serve, openapi and keys with their own flags', () => {
    expect(parseCliArgs(['serve'])).toEqual({ kind: 'serve', noAuth: false, debug: false });
    expect(parseCliArgs(['serve', '--host', '0.0.0.0', '--port', '0', '--no-auth'])).toEqual({ kind: 'serve', host: '0.0.0.0', port: 0, noAuth: true, debug: false });
    expect(parseCliArgs(['openapi', '--server-url', 'https://x.example', '--preset', 'gpt', '-o', 'o.json'])).toEqual({
      kind: 'openapi',
      serverUrl: 'https://x.example',
      preset: 'gpt',
      output: 'o.json',
      debug: false,
    });
    expect(parseCliArgs(['keys', 'create', '--name', 'gpt', '--scope', 'run'])).toEqual({ kind: 'keys', action: 'create', name: 'gpt', scope: 'run', debug: false });
    expect(parseCliArgs(['keys', 'list', '--json'])).toEqual({ kind: 'keys', action: 'list', json: true, debug: false });
    expect(parseCliArgs(['keys', 'revoke', 'k1'])).toEqual({ kind: 'keys', action: 'revoke', key: 'k1', debug: false });
  });

  it('parses plugin new with its own flags', () => {
    expect(parseCliArgs(['plugin', 'new', '@acme/orcaops-x'])).toEqual({ kind: 'plugin-new', name: '@acme/orcaops-x', force: false });
    expect(parseCliArgs(['plugin', 'new', 'x', '--dir', 'd', '--prefix=p', '--force'])).toEqual({ kind: 'plugin-new', name: 'x', dir: 'd', prefix: 'p', force: true });
    expect(parseCliArgs(['plugin', 'new', 'x', '--debug'])).toEqual({ kind: 'plugin-new', name: 'x', force: false });
  });

  it('gives --help and --version priority over the command', () => {
    expect(parseCliArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseCliArgs(['tools', '-h'])).toEqual({ kind: 'help' });
    expect(parseCliArgs(['help'])).toEqual({ kind: 'help' });
    expect(parseCliArgs(['-v'])).toEqual({ kind: 'version' });
    expect(parseCliArgs(['call', 'x', '--version'])).toEqual({ kind: 'version' });
  });

  it.each([
    [[], 'Missing command'],
    [['nope'], 'Unknown command "nope"'],
    [['tui', 'extra'], 'Wrong number of arguments'],
    [['call', 'a', 'b', 'c'], 'Wrong number of arguments'],
    [['tools', '--what'], "Unknown option '--what'"],
    [['tools', '--config'], "Option '--config <value>' argument missing"],
    [['tools', '--config='], '--config needs a value'],
    [['serve', '--port', '70000'], '--port must be a number from 0 to 65535'],
    [['serve', '--port', 'x'], '--port must be a number'],
    [['serve', '--preset', 'gpt'], '--preset belongs to "orcaops openapi"'],
    [['tools', '--no-auth'], '--no-auth belongs to "orcaops serve"'],
    [['keys'], 'Wrong number of arguments'],
    [['keys', 'rotate'], 'Unknown keys command "rotate"'],
    [['keys', 'create', '--name', 'x'], 'keys create needs --name NAME and --scope'],
    [['keys', 'revoke'], 'Wrong number of arguments'],
    [['keys', 'list', 'x'], 'Wrong number of arguments'],
    [['plugin'], 'expected "orcaops plugin new <name>'],
    [['plugin', 'new'], 'expected "orcaops plugin new <name>'],
    [['plugin', 'list'], 'Unknown plugin command "list"'],
    [['plugin', 'new', 'a', 'b'], 'Wrong number of arguments'],
    [['plugin', 'new', 'x', '--dir='], '--dir needs a value'],
    [['plugin', 'new', 'x', '--prefix='], '--prefix needs a value'],
    [['plugin', 'new', 'x', '--config', 'c.json'], '--config is not used by "orcaops plugin new"'],
    [['tools', '--force'], '--force is not used by "orcaops tools"'],
    [['call', 'x', '--dir', 'd'], '--dir is not used by "orcaops call"'],
    [['tools', '--older-than', '3d'], '--older-than belongs to "orcaops runs"'],
  ])('reports %j as a usage error', (argv, message) => {
    const command = parseCliArgs(argv);
    expect(command.kind).toBe('usage-error');
    expect(command.kind === 'usage-error' && command.message).toContain(message);
  });
});

describe('cliLogLevel', () => {
  it('uses debug for --debug, respects ORCAOPS_LOG_LEVEL, and otherwise keeps the terminal to warnings', () => {
    expect(cliLogLevel({ debug: true }, { ORCAOPS_LOG_LEVEL: 'error' })).toBe('debug');
    expect(cliLogLevel({ debug: false }, { ORCAOPS_LOG_LEVEL: 'info' })).toBeUndefined();
    expect(cliLogLevel({ debug: false }, {})).toBe('warn');
  });
});

describe('parseCliArgs: run', () => {
  it('takes the image, options, and the command after --, and refuses what it cannot run', () => {
    expect(parseCliArgs(['run', 'alpine:3.20', '--env', 'A=1', '--env', 'B=x=y', '--secret', 'TOKEN=env:CI_TOKEN', '--artifact', 'out/*', '--timeout', '60', '--', 'sh', '-c', 'echo --env'])).toEqual({
      kind: 'run',
      image: 'alpine:3.20',
      command: ['sh', '-c', 'echo --env'],
      env: ['A=1', 'B=x=y'],
      secrets: ['TOKEN=env:CI_TOKEN'],
      artifacts: ['out/*'],
      labels: [],
      timeout: 60,
      detach: false,
      json: false,
      debug: false,
    });
    expect(parseCliArgs(['run', 'alpine'])).toMatchObject({ kind: 'usage-error', message: expect.stringContaining('command after the image') });
    expect(parseCliArgs(['run', 'alpine', '--timeout', 'soon', '--', 'true'])).toMatchObject({ kind: 'usage-error', message: expect.stringContaining('--timeout') });
    expect(parseCliArgs(['run', 'alpine', '--env', 'NOEQUALS', '--', 'true'])).toMatchObject({ kind: 'usage-error', message: expect.stringContaining('NAME=VALUE') });
  });
});
