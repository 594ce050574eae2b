import { describe, expect, it } from '@jest/globals';
import { contentDisposition, contentTypeOf, parseRange } from './artifact-download.js';

describe('parseRange', () => {
  it('reads single ranges against the size, and refuses what cannot be served', () => {
    expect(parseRange(undefined, 16)).toBeNull();
    expect(parseRange('bytes=4-7', 16)).toEqual({ start: 4, end: 7 });
    expect(parseRange('bytes=4-', 16)).toEqual({ start: 4, end: 15 });
    expect(parseRange('bytes=-3', 16)).toEqual({ start: 13, end: 15 });
    expect(parseRange('bytes=-99', 16)).toEqual({ start: 0, end: 15 });
    expect(parseRange('bytes=10-99', 16)).toEqual({ start: 10, end: 15 });
    expect(parseRange('bytes=16-', 16)).toBe('unsatisfiable');
    expect(parseRange('bytes=7-4', 16)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 16)).toBe('unsatisfiable');
    expect(parseRange('bytes=-5', 0)).toBe('unsatisfiable');
    // Several ranges or another unit: the whole file, as RFC 9110 allows.
    expect(parseRange('bytes=0-1,4-5', 16)).toBeNull();
    expect(parseRange('items=0-1', 16)).toBeNull();
  });
});

describe('contentDisposition and contentTypeOf', () => {
  it('names any file safely: an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('report.txt')).toBe(`attachment; filename="report.txt"; filename*=UTF-8''report.txt`);
    expect(contentDisposition('报告 "x".txt')).toBe(`attachment; filename="__ _x_.txt"; filename*=UTF-8''%E6%8A%A5%E5%91%8A%20%22x%22.txt`);
    expect(contentDisposition('a\r\nSet-Cookie: x')).not.toMatch(/[\r\n]/);
    expect(contentTypeOf('out/Coverage.JSON')).toBe('application/json');
    expect(contentTypeOf('data.bin')).toBe('application/octet-stream');
  });
});
