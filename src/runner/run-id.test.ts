import { describe, expect, it } from 'vitest';
import { isSlurmdeckError } from '../core/errors.js';
import { compactTime, runIdentity } from './run-id.js';

const now = new Date('2025-03-04T05:06:07.890Z');

describe('runIdentity', () => {
  it('uses the Slurm job id', () => {
    expect(runIdentity({ SLURM_JOB_ID: '123', SLURM_PROCID: '0' }, now, 9)).toEqual({
      runId: '123',
      jobId: '123',
    });
  });

  it('keeps the job id of an array task (Slurm makes it unique per task)', () => {
    const env = { SLURM_JOB_ID: '130', SLURM_ARRAY_JOB_ID: '128', SLURM_ARRAY_TASK_ID: '2' };
    expect(runIdentity(env, now, 9).runId).toBe('130');
  });

  it('names a requeued run <id>.r<N>', () => {
    expect(runIdentity({ SLURM_JOB_ID: '123', SLURM_RESTART_COUNT: '2' }, now, 9).runId).toBe(
      '123.r2',
    );
  });

  it('gives tasks other than 0 of an srun step their own id', () => {
    const env = { SLURM_JOB_ID: '123', SLURM_PROCID: '3', SLURM_RESTART_COUNT: '1' };
    expect(runIdentity(env, now, 9).runId).toBe('123.r1.t3');
  });

  it('names a run outside Slurm by time and pid', () => {
    expect(runIdentity({}, now, 4242)).toEqual({
      runId: 'local-20250304T050607-4242',
      jobId: undefined,
    });
  });

  it('refuses a SLURM_JOB_ID that is not a job id', () => {
    let error: unknown;
    try {
      runIdentity({ SLURM_JOB_ID: '../x' }, now, 1);
    } catch (e) {
      error = e;
    }
    expect(isSlurmdeckError(error, 'INVALID_ARGUMENT')).toBe(true);
  });
});

describe('compactTime', () => {
  it('is YYYYmmddTHHMMSS in UTC', () => {
    expect(compactTime(now)).toBe('20250304T050607');
  });
});
