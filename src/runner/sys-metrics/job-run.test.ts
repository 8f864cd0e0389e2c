import { describe, expect, it } from 'vitest';
import { jobRunOf } from './job-run.js';

describe('jobRunOf', () => {
  it("names the job's run from the cluster and job id, with the job's name and restart count", () => {
    const run = jobRunOf(
      {
        SLURM_JOB_ID: '812',
        SLURM_CLUSTER_NAME: 'pi 2.0',
        SLURM_JOB_NAME: 'resnet',
        SLURM_RESTART_COUNT: '2',
        SLURMD_NODENAME: 'gpu07',
      },
      ['python', 'train.py'],
    );
    expect(run).toEqual({
      uid: 'job-pi_2.0-812',
      project: 'resnet',
      init: {
        name: 'resnet 812',
        tags: ['system'],
        job_id: '812',
        cluster: 'pi 2.0',
        restart_count: 2,
        command: ['python', 'train.py'],
        host: 'gpu07',
      },
    });
  });

  it('gives an array task its own run, as ARRAYJOB_TASK', () => {
    const run = jobRunOf(
      { SLURM_JOB_ID: '900', SLURM_ARRAY_JOB_ID: '899', SLURM_ARRAY_TASK_ID: '3' },
      ['x'],
    );
    expect(run?.uid).toBe('job-899_3');
    expect(run?.init).toMatchObject({ job_id: '899_3', array_task: 3, restart_count: 0 });
  });

  it('has no job run outside Slurm', () => {
    expect(jobRunOf({}, ['x'])).toBeUndefined();
  });
});
