import { describe, expect, it } from '@jest/globals';
import { bar, engineLine, fitLines, shareRows, stepOf, statsTable } from './dashboard-format.js';
import { lineString } from './job-format.js';
import { engineInfo, statsData } from './test-fixtures/fake-kernel.js';

describe('dashboard-format', () => {
  it('shares the rows in proportion, at least one each, all of them used', () => {
    expect(shareRows(13, [2, 4, 2, 4])).toEqual([3, 4, 2, 4]);
    expect(shareRows(4, [2, 4, 2, 4])).toEqual([1, 1, 1, 1]);
    for (const room of [4, 9, 13, 30, 57]) expect(shareRows(room, [2, 4, 2, 4]).reduce((a, b) => a + b, 0)).toBe(room);
  });

  it('fits lines to the rows, counting what it left out', () => {
    const lines = ['a', 'b', 'c', 'd'].map((text) => [{ text }]);
    expect(fitLines(lines, 4).map(lineString)).toEqual(['a', 'b', 'c', 'd']);
    expect(fitLines(lines, 3).map(lineString)).toEqual(['a', 'b', '  … 2 more']);
  });

  it('says which step a job is on', () => {
    expect(stepOf([{ index: 0, status: 'success' }, { index: 1, status: 'running' }, { index: 2, status: 'pending' }])).toBe('step 2/3');
    expect(stepOf([{ index: 0, status: 'success' }, { index: 1, status: 'pending' }])).toBe('step 2/2');
    expect(stepOf([])).toBeNull();
  });

  it('shows the engine up with its facts, or down with why and that it keeps trying', () => {
    expect(lineString(engineLine(engineInfo(true).docker, '2 s'))).toBe('● engine up · Docker 27.3.1 · 8 CPUs · 16.0 GiB · 2 of 5 containers running · 12 images');
    expect(lineString(engineLine(engineInfo(false).docker, '2 s'))).toBe('✗ engine unreachable · retrying every 2 s · DOCKER_UNAVAILABLE: connect ENOENT /var/run/docker.sock');
  });

  it('lists containers busiest first, with a CPU bar', () => {
    const table = statsTable(statsData().containers);
    expect(table.rows.map(lineString)[0]).toMatch(/^ {2}orcaops-job-e636e6 +99\.5% +█{10} +200\.0 MiB 20% +2$/);
    expect(bar(50, 10)).toBe('█████░░░░░');
    expect(bar(250, 4)).toBe('████');
  });
});
