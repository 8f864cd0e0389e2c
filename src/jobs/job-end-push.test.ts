import { describe, expect, it } from 'vitest';
import { pushFromEnvironment } from './job-end-push.js';

const at = new Date('2026-12-02T00:00:00Z');

describe('pushFromEnvironment', () => {
  it('names a job by its id', () => {
    expect(
      pushFromEnvironment({ SLURM_JOB_ID: '41', SLURM_CLUSTER_NAME: 'dev' }, at),
    ).toMatchObject({ cluster: 'dev', jobId: '41' });
  });

  it('names an array task as it is watched and tracked (JOB_TASK), not by its own raw id', () => {
    const env = {
      SLURM_JOB_ID: '57',
      SLURM_ARRAY_JOB_ID: '55',
      SLURM_ARRAY_TASK_ID: '2',
      SLURM_CLUSTER_NAME: 'dev',
    };
    expect(pushFromEnvironment(env, at)).toMatchObject({ jobId: '55_2' });
  });
});
