import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BuildLog } from './build-log.js';

test('keeps the end within its capacity and counts everything', () => {
  const log = new BuildLog(1000);
  for (let i = 0; i < 1000; i++) log.append(`line ${i}\n`);
  const tail = log.tail(100, 10_000);
  assert.ok(tail.text.endsWith('line 999\n'));
  assert.ok(JSON.stringify(tail.text).length <= 100);
  assert.equal(tail.total_bytes, 8890);
  assert.equal(tail.truncated, true);
  assert.equal(tail.shown_bytes, Buffer.byteLength(tail.text));
});

test('shows a short log whole, with escape sequences removed and counted', () => {
  const log = new BuildLog(1000);
  log.append('\u001b[32mok\u001b[0m\n');
  assert.deepEqual(log.tail(1000, 10_000), { text: 'ok\n', total_bytes: 12, shown_bytes: 12, truncated: false, replaced: 2 });
});

test('never splits a character at the cut', () => {
  const log = new BuildLog(10);
  log.append('ééééééééééé');
  const tail = log.tail(1000, 10_000);
  assert.match(tail.text, /^é+$/);
  assert.equal(tail.truncated, true);
});
