import { describe, expect, it } from '@jest/globals';
import { cutText } from './text-limits.js';

describe('cutText', () => {
  it('leaves text within the limit as it is, line breaks included', () => {
    expect(cutText('One.\nTwo.', 10)).toBe('One.\nTwo.');
  });

  it('keeps whole sentences when they fill at least half the limit', () => {
    const text = 'Use it to list jobs. It returns ids and states. Then call get_job_status for one.';
    expect(cutText(text, 60)).toBe('Use it to list jobs. It returns ids and states.');
  });

  it('does not take an abbreviation for the end of a sentence', () => {
    const text = 'Creates a sandbox (see the templates). Override images (e.g. postgres:16) and ports as needed, then start it.';
    expect(cutText(text, 70)).toBe('Creates a sandbox (see the templates).');
    expect(cutText('Say "done." Then stop. And then go on with more words here', 30)).toBe('Say "done." Then stop.');
  });

  it('cuts at a word with an ellipsis when the first sentence is too long or too short to keep', () => {
    expect(cutText('Short. Then a very long second sentence that goes on and on without an end', 40)).toBe('Short. Then a very long second sentence…');
    expect(cutText('one two three four five six seven', 20)).toBe('one two three four…');
  });

  it('cuts hard when there is no word boundary, never inside a surrogate pair', () => {
    expect(cutText('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
    const cut = cutText(`${'x'.repeat(8)}😀😀😀`, 10);
    expect(cut).toBe(`${'x'.repeat(8)}…`);
    expect(cut.length).toBeLessThanOrEqual(10);
  });

  it('flattens whitespace once something has to go, and drops dangling punctuation before the ellipsis', () => {
    expect(cutText('alpha,\n   beta,  gamma delta epsilon', 20)).toBe('alpha, beta, gamma…');
  });
});
