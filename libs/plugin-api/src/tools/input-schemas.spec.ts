import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { MAX_NAME_BYTES, MAX_PATH_BYTES, NameInput, PathInput, ProcessTextInput } from './input-schemas.js';
import { inputJsonSchema } from './tool-json-schema.js';

const messages = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
};

describe('PathInput', () => {
  it('accepts ordinary paths, relative or absolute, up to the limits in bytes', () => {
    for (const path of ['.', 'a/b', '/workspace/out.txt', '../x', `${'n'.repeat(MAX_NAME_BYTES)}/x`, `/${'a/'.repeat((MAX_PATH_BYTES - 1) / 2)}`.slice(0, MAX_PATH_BYTES)]) {
      expect(messages(PathInput, path)).toEqual([]);
    }
  });

  it('refuses a NUL, a component over 255 bytes and a path over 4096 bytes, one clear message each', () => {
    expect(messages(PathInput, 'a\u0000b')).toEqual(['must not contain a NUL character (\\u0000)']);
    expect(messages(PathInput, `dir/${'c'.repeat(300)}/x`)).toEqual(['each path component (a name between "/") must be at most 255 bytes (one has 300)']);
    // 200 characters but 400 bytes: the limit is the file system's, in bytes.
    expect(messages(PathInput, `dir/${'é'.repeat(200)}`)).toEqual(['each path component (a name between "/") must be at most 255 bytes (one has 400)']);
    expect(messages(PathInput, `/${'é/'.repeat(1500)}`)).toEqual(['must be at most 4096 bytes in all (it has 4501)']);
    expect(messages(PathInput, 'x'.repeat(5 * 1024 * 1024))).toEqual([expect.stringMatching(/<=4096 characters/)]);
    expect(messages(PathInput, '')).toHaveLength(1);
  });

  it('keeps its checks through describe, optional and further string checks, and publishes the length bounds', () => {
    const schema = z.object({ directory: PathInput.describe('Where.').optional(), workdir: PathInput.regex(/^\//, 'must be absolute') });
    expect(schema.safeParse({ directory: 'a\u0000', workdir: 'rel' }).error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['directory', 'must not contain a NUL character (\\u0000)'],
      ['workdir', 'must be absolute'],
    ]);
    const json = inputJsonSchema({ input: schema }) as { properties: Record<string, Record<string, unknown>> };
    expect(json.properties['directory']).toEqual({ type: 'string', minLength: 1, maxLength: MAX_PATH_BYTES, description: 'Where.' });
  });
});

describe('NameInput and ProcessTextInput', () => {
  it('refuse NUL; a name is at most 255 bytes', () => {
    expect(messages(NameInput, 'web-dev')).toEqual([]);
    expect(messages(NameInput, 'web\u0000dev')).toEqual(['must not contain a NUL character (\\u0000)']);
    expect(messages(NameInput, 'é'.repeat(200))).toEqual(['must be at most 255 bytes (it has 400)']);
    expect(messages(ProcessTextInput, 'echo "$HOME" ; ls\n')).toEqual([]);
    expect(messages(ProcessTextInput, 'echo \u0000')).toEqual(['must not contain a NUL character (\\u0000)']);
  });
});
