import { describe, expect, it } from '@jest/globals';
import { toContainerStats } from './stats.js';

describe('toContainerStats', () => {
  it('computes CPU and memory as docker stats does (cgroup v2: inactive_file is left out of memory)', () => {
    const stats = toContainerStats(
      {
        id: 'abc',
        name: '/web',
        cpu_stats: { cpu_usage: { total_usage: 3_000_000 }, system_cpu_usage: 20_000_000, online_cpus: 4 },
        precpu_stats: { cpu_usage: { total_usage: 1_000_000 }, system_cpu_usage: 10_000_000, online_cpus: 4 },
        memory_stats: { usage: 10_000, limit: 100_000, stats: { inactive_file: 2_000 } },
        pids_stats: { current: 3 },
        networks: { eth0: { rx_bytes: 10, tx_bytes: 20 }, eth1: { rx_bytes: 1, tx_bytes: 2 } },
      },
      'fallback',
    );
    // 2M of 10M host nanoseconds over 4 CPUs: 80% of one CPU.
    expect(stats).toEqual({ id: 'abc', name: 'web', cpuPercent: 80, memoryBytes: 8_000, memoryLimitBytes: 100_000, pids: 3, networkRxBytes: 11, networkTxBytes: 22 });
  });

  it('reads cgroup v1 (total_inactive_file, per-CPU usage for the CPU count)', () => {
    const stats = toContainerStats(
      {
        cpu_stats: { cpu_usage: { total_usage: 200, percpu_usage: [100, 100] }, system_cpu_usage: 1_000 },
        precpu_stats: { cpu_usage: { total_usage: 100 }, system_cpu_usage: 500 },
        memory_stats: { usage: 5_000, limit: 9_000, stats: { total_inactive_file: 1_000 } },
      },
      'abc',
    );
    expect(stats).toMatchObject({ id: 'abc', cpuPercent: 40, memoryBytes: 4_000 });
  });

  it('reads a stopped container (empty document) as zeros', () => {
    expect(toContainerStats({ id: 'abc', name: '/old', cpu_stats: { cpu_usage: { total_usage: 0 }, system_cpu_usage: 0 }, precpu_stats: {}, memory_stats: {} }, 'abc')).toEqual({
      id: 'abc',
      name: 'old',
      cpuPercent: 0,
      memoryBytes: 0,
      memoryLimitBytes: 0,
      pids: 0,
      networkRxBytes: 0,
      networkTxBytes: 0,
    });
  });
});
