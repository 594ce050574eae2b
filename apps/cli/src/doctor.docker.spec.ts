import { describe, expect, it } from '@jest/globals';
import { runCli, tempHome } from './test-fixtures/spawn-cli.js';

/** The engine the real-engine tests use: DOCKER_HOST when set, else OrcaOps's own discovery (the system socket). */
const ENGINE_ENV = { DOCKER_HOST: process.env['DOCKER_HOST'] ?? '' };

describe('orcaops doctor against the real engine', () => {
  it('finds the engine, and its exit code follows the findings', async () => {
    const home = tempHome();
    try {
      const result = await runCli(['doctor', '--json'], home.dir, { env: ENGINE_ENV });
      const report = JSON.parse(result.stdout) as { status: string; summary: { problem: number }; findings: { id: string; status: string; detail: string }[] };
      const engine = report.findings.find((finding) => finding.id === 'docker.engine');
      expect(engine).toMatchObject({ status: 'ok' });
      expect(engine!.detail).toMatch(/API/);
      expect(report.findings.find((finding) => finding.id === 'home.writable')).toMatchObject({ status: 'ok' });
      expect(result.code).toBe(report.summary.problem > 0 ? 1 : 0);
      expect(result.stderr).toBe('');
    } finally {
      home.remove();
    }
  });
});
