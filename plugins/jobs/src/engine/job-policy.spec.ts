import { describe, expect, it } from '@jest/globals';
import { JobSpecSchema, type JobSpecInput } from '@orcaops/contracts';
import { DEFAULT_JOB_SECURITY, JobsOptionsSchema, jobSecurity } from '../jobs-options.js';
import { applyJobPolicy, imageNames, jobContainerProfile, type JobSecurity } from './job-policy.js';

const spec = (input: Partial<JobSpecInput> = {}) => JobSpecSchema.parse({ image: 'alpine:3.20', commands: ['true'], ...input });
const security = (policy: Record<string, unknown>, options: Record<string, unknown> = {}): JobSecurity => jobSecurity(JobsOptionsSchema.parse({ ...options, policy }));

function refusal(run: () => unknown): { code: string; message: string; suggestion: string } {
  try {
    run();
  } catch (error) {
    return error as { code: string; message: string; suggestion: string };
  }
  throw new Error('not refused');
}

describe('applyJobPolicy', () => {
  it('fills in the default limits where the job sets none, keeping what it set', () => {
    expect(applyJobPolicy(spec(), DEFAULT_JOB_SECURITY)).toMatchObject({ memory: '2g', pids: 1024, cpus: DEFAULT_JOB_SECURITY.defaults.cpus });
    expect(applyJobPolicy(spec({ memory: '256m', pids: 64, cpus: 0.5 }), DEFAULT_JOB_SECURITY)).toMatchObject({ memory: '256m', pids: 64, cpus: 0.5 });
  });

  it('refuses images by deny and allow globs, against the name as given and in full, naming the rule', () => {
    const denied = refusal(() => applyJobPolicy(spec({ image: 'alpine:3.20' }), security({ images: { deny: ['docker.io/library/*'] } })));
    expect(denied).toMatchObject({ code: 'PERMISSION_DENIED', message: expect.stringContaining('policy: policy.images.deny') });
    expect(denied.suggestion).toContain('orcaops.config.json');
    const notAllowed = refusal(() => applyJobPolicy(spec({ image: 'evil.example/x:1' }), security({ images: { allow: ['registry.local/*', 'alpine:*'] } })));
    expect(notAllowed.message).toContain('policy.images.allow');
    expect(applyJobPolicy(spec({ image: 'registry.local/team/app@sha256:abc' }), security({ images: { allow: ['registry.local/*'] } })).image).toBe('registry.local/team/app@sha256:abc');
    // deny wins over allow
    expect(refusal(() => applyJobPolicy(spec(), security({ images: { allow: ['*'], deny: ['alpine:*'] } }))).code).toBe('PERMISSION_DENIED');
  });

  it('refuses networks, capabilities, timeouts and resources beyond the policy, each naming its rule', () => {
    const cases: Array<[Partial<JobSpecInput>, Record<string, unknown>, string]> = [
      [{ network: 'bridge' }, { networks: ['none'] }, 'policy.networks'],
      [{ capabilities: ['NET_ADMIN'] }, { extra_capabilities: ['NET_RAW'] }, 'policy.extra_capabilities'],
      [{ timeout: 7200 }, { max_timeout: 3600 }, 'policy.max_timeout'],
      [{ cpus: 8 }, { max_cpus: 4 }, 'policy.max_cpus'],
      [{ memory: '16g' }, { max_memory: '8g' }, 'policy.max_memory'],
      [{ pids: 100_000 }, { max_pids: 4096 }, 'policy.max_pids'],
      // The defaults are held to the policy too.
      [{}, { max_memory: '1g' }, 'policy.max_memory'],
    ];
    for (const [input, policy, rule] of cases) {
      expect(refusal(() => applyJobPolicy(spec(input), security(policy)))).toMatchObject({ code: 'PERMISSION_DENIED', message: expect.stringContaining(rule) });
    }
    expect(refusal(() => applyJobPolicy(spec({ capabilities: ['CAP_NET_RAW'] }), DEFAULT_JOB_SECURITY)).code).toBe('VALIDATION_ERROR');
    expect(applyJobPolicy(spec({ capabilities: ['NET_RAW'], network: 'none' }), security({ extra_capabilities: ['NET_RAW'], networks: ['none'] })).capabilities).toEqual(['NET_RAW']);
  });
});

describe('jobContainerProfile', () => {
  it('drops every capability, adds back the kept set and the job\'s extras, forbids gaining privileges, and passes the user', () => {
    expect(jobContainerProfile(spec({ capabilities: ['NET_RAW', 'CHOWN'], user: '1000' }), DEFAULT_JOB_SECURITY)).toEqual({
      capDrop: ['ALL'],
      capAdd: ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'SETGID', 'SETUID', 'NET_RAW'],
      noNewPrivileges: true,
      user: '1000',
    });
    expect(jobContainerProfile(spec(), security({}, { capabilities: [] }))).toEqual({ capDrop: ['ALL'], capAdd: [], noNewPrivileges: true });
  });
});

describe('imageNames', () => {
  it('names an image as given and as the engine does in full', () => {
    expect(imageNames('alpine')).toEqual(['alpine', 'docker.io/library/alpine:latest']);
    expect(imageNames('team/app:1')).toEqual(['team/app:1', 'docker.io/team/app:1']);
    expect(imageNames('localhost:5000/app')).toEqual(['localhost:5000/app', 'localhost:5000/app:latest']);
    expect(imageNames('registry.local/app@sha256:abc')).toEqual(['registry.local/app@sha256:abc']);
    expect(imageNames('docker.io/library/alpine:3')).toEqual(['docker.io/library/alpine:3']);
  });
});
