import { describe, expect, it } from '@jest/globals';
import type { Key } from 'ink';
import { splitKeys } from './keys.js';

const plain: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
  super: false, hyper: false, capsLock: false, numLock: false,
};

describe('splitKeys', () => {
  it('passes single keys through untouched', () => {
    const down = { ...plain, downArrow: true };
    expect(splitKeys('', down)).toEqual([['', down]]);
    expect(splitKeys('j', plain)).toEqual([['j', plain]]);
  });

  it('splits a burst into the keys Ink reports for each character', () => {
    const keys = splitKeys('jJ\r\u007F\u0003\t', plain);
    expect(keys.map(([input]) => input)).toEqual(['j', 'J', '', '', 'c', '']);
    expect(keys[1]![1].shift).toBe(true);
    expect(keys[2]![1].return).toBe(true);
    expect(keys[3]![1].delete).toBe(true);
    expect(keys[4]![1].ctrl).toBe(true);
    expect(keys[5]![1].tab).toBe(true);
    expect(keys[0]![1]).toEqual(plain);
  });
});
