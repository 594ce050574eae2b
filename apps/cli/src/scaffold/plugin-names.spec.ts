import { describe, expect, it } from '@jest/globals';
import { pluginNames } from './plugin-names.js';

describe('pluginNames', () => {
  it('derives the tool prefix and directory as OrcaOps derives a prefix from an id', () => {
    expect(pluginNames('@acme/orcaops-images')).toEqual({ ok: true, name: '@acme/orcaops-images', prefix: 'images', dirName: 'orcaops-images' });
    expect(pluginNames('orcaops-plugin-k8s')).toEqual({ ok: true, name: 'orcaops-plugin-k8s', prefix: 'k8s', dirName: 'orcaops-plugin-k8s' });
    expect(pluginNames('my.tools-2')).toMatchObject({ ok: true, prefix: 'mytools2' });
  });

  it('takes --prefix over the derived one', () => {
    expect(pluginNames('@acme/orcaops-x', 'acme')).toMatchObject({ ok: true, prefix: 'acme', dirName: 'orcaops-x' });
  });

  it.each([
    ['', 'it is empty'],
    ['Hello', 'lower case'],
    [`a${'b'.repeat(214)}`, 'at most 214'],
    ['http', '"http" is reserved by npm'],
    ['@acme/node_modules', 'reserved by npm'],
    ['_private', 'lower-case letters and digits'],
    ['two words', 'lower-case letters and digits'],
    ['snake_case', 'lower-case letters and digits'],
    ['trailing-', 'lower-case letters and digits'],
    ['@/x', 'lower-case letters and digits'],
  ])('refuses the package name %j (%s)', (name, reason) => {
    const result = pluginNames(name);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(reason);
  });

  it.each([
    ['orcaops', undefined, 'derived from "orcaops" is "orcaops", which is reserved'],
    ['orcaops-x', undefined, 'derived from "orcaops-x" is "x", which is not one word of 2-24'],
    ['9lives', undefined, 'is "9lives", which is not one word'],
    ['hello', 'orcaops', '--prefix "orcaops" is reserved'],
    ['hello', 'my_tools', '--prefix "my_tools" is not one word'],
    ['hello', 'a'.repeat(25), 'is not one word'],
  ])('refuses %j with prefix %j, pointing at --prefix', (name, prefix, reason) => {
    const result = pluginNames(name, prefix);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(reason);
    expect(!result.ok && result.message).toContain('choose another with --prefix');
  });
});
