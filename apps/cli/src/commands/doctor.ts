import { z } from 'zod';
import { FindingSchema, nodeFinding, type Finding } from '@orcaops/contracts';
import type { Kernel } from '@orcaops/kernel';
import type { KernelFlags } from '../cli-args.js';
import { writeOut, type CliIo } from '../cli-io.js';
import { tryStartKernel } from '../start-kernel.js';

export interface DoctorFlags extends KernelFlags {
  /** Print `{ status, summary, findings }` as JSON instead of the report. */
  readonly json: boolean;
}

/** The part of `orcaops_system_info`'s answer the doctor prints, read through the schema the tool declares. */
const FindingsAnswer = z.object({ findings: z.array(FindingSchema) });

const MARKS: Record<Finding['status'], string> = { ok: '✓', warn: '!', problem: '✗' };

/**
 * `orcaops doctor`: the findings of `orcaops_system_info`, called through the kernel's invoker like any tool, as a
 * short report (or JSON). Only what cannot come from there is added here: a configuration that does not load (the
 * kernel never starts, so the Node.js version is checked here too). Exit 1 when a finding is a problem, else 0.
 */
export async function doctorCommand(flags: DoctorFlags, io: CliIo): Promise<number> {
  const started = await tryStartKernel(flags, io);
  let findings: Finding[];
  let context = '';
  if (started.ok) {
    try {
      findings = await kernelFindings(started.kernel);
      context = ` (OrcaOps ${started.kernel.hostInfo.version}, ORCAOPS_HOME ${started.kernel.hostInfo.home})`;
    } finally {
      await started.kernel.stop();
    }
  } else {
    findings = [nodeFinding(), startFailure(started.problem, started.message, started.suggestion)];
  }
  const summary = { ok: 0, warn: 0, problem: 0 };
  for (const finding of findings) summary[finding.status]++;
  const status = summary.problem > 0 ? 'problem' : summary.warn > 0 ? 'warn' : 'ok';
  await writeOut(io.stdout, flags.json ? `${JSON.stringify({ status, summary, findings }, null, 2)}\n` : report(findings, summary, context));
  return summary.problem > 0 ? 1 : 0;
}

async function kernelFindings(kernel: Kernel): Promise<Finding[]> {
  const controller = new AbortController();
  const interrupt = () => controller.abort(new Error('Interrupted'));
  process.once('SIGINT', interrupt);
  try {
    const outcome = await kernel.invoker.invoke('orcaops_system_info', {}, { signal: controller.signal });
    const answer = outcome.ok ? FindingsAnswer.safeParse(outcome.data) : null;
    if (answer?.success) return answer.data.findings;
    // The system plugin did not load (or answered something else): say so, with why its plugin failed if it did.
    const failures = kernel.hostInfo.plugins().failed.filter((failure) => failure.builtin);
    const why = outcome.ok ? 'orcaops_system_info answered without findings.' : `${outcome.error.code}: ${outcome.error.message}`;
    return [
      nodeFinding(),
      {
        id: 'plugins',
        status: 'problem',
        title: 'The health check did not run',
        detail: `${why}${failures.length > 0 ? ` Built-in plugins skipped: ${failures.map((failure) => `${failure.source}: ${failure.error}`).join('; ').slice(0, 600)}` : ''}`,
        fix: 'Reinstall OrcaOps (`npm install -g orcaops`, or `npm ci && npm run build` in a clone), then run orcaops doctor again; `orcaops --debug tools` shows why a plugin was skipped.',
      },
    ];
  } finally {
    process.removeListener('SIGINT', interrupt);
  }
}

function startFailure(problem: 'config' | 'duplicate-tool', message: string, suggestion: string | null): Finding {
  const rest = 'The other checks run once OrcaOps can start.';
  if (problem === 'config') {
    return { id: 'config', status: 'problem', title: 'The configuration is not valid', detail: `${message} ${rest}`, fix: suggestion ?? 'Fix orcaops.config.json (or the file --config names).' };
  }
  return {
    id: 'plugins',
    status: 'problem',
    title: 'Two plugins declare the same tool',
    detail: `${message} ${rest}`,
    fix: 'Remove one of the two plugins from orcaops.config.json, or give one another toolPrefix in its options.',
  };
}

function report(findings: readonly Finding[], summary: Record<Finding['status'], number>, context: string): string {
  const lines = [`OrcaOps doctor${context}`, ''];
  for (const finding of findings) {
    lines.push(`${MARKS[finding.status]} ${finding.title}: ${finding.detail}`);
    if (finding.status !== 'ok' && finding.fix) lines.push(`    fix: ${finding.fix}`);
  }
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push('', `${plural(findings.length, 'check')}: ${summary.ok} ok, ${plural(summary.warn, 'warning')}, ${plural(summary.problem, 'problem')}.`);
  return `${lines.join('\n')}\n`;
}
