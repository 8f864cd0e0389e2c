import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProbe } from './probe.js';

// squeue's part of the answer, as captured with ownJobsArgv() on the dev cluster.
const ownJobs = readFileSync(
  new URL('../slurm/fixtures/squeue-22.05-own-jobs.txt', import.meta.url),
  'utf8',
);
const pendingLine = ownJobs.split('\n')[0] ?? '';
const runningLine = ownJobs.split('\n')[1] ?? '';

const head = 'TMUX 1 0\nNOW 1000\nSIZE 2048\nEV 900 start\nEV 900 attempt 1 -\nMK UP 1 30 n1 902';

describe('parseProbe', () => {
  it.each([
    [
      'a pending job with its reason and expected start',
      `${head}\nQUEUE\n${pendingLine}\n`,
      {
        jobId: '29',
        state: 'PENDING',
        reason: 'BeginTime',
        nodes: undefined,
        expectedStart: '2026-12-01T19:33:57',
      },
    ],
    [
      'a running job with its node',
      `${head}\nQUEUE\n${runningLine}\n`,
      { jobId: '30', state: 'RUNNING', reason: undefined, nodes: 'n1' },
    ],
    ['no job when squeue was not asked', `${head}\n`, undefined],
    ['no job when squeue showed none', `${head}\nQUEUE\n`, undefined],
  ])('reads %s', (_what, answer, job) => {
    const probe = parseProbe(answer);
    expect(probe.job).toEqual(job === undefined ? undefined : expect.objectContaining(job));
    expect(probe).toMatchObject({ alive: true, attached: false, now: 1000, logSize: 2048 });
    expect(probe.events).toHaveLength(2);
    expect(probe.markers).toEqual([{ kind: 'UP', attempt: 1, fields: ['30', 'n1', '902'] }]);
  });

  it('takes the last of two jobs of the name (a retry queued behind the first)', () => {
    const second = pendingLine.replaceAll('29', '31');
    expect(parseProbe(`${head}\nQUEUE\n${pendingLine}\n${second}\n`).job?.jobId).toBe('31');
  });

  it('says missing when the folder is gone', () => {
    expect(parseProbe('NODIR\n')).toMatchObject({ missing: true, alive: false, job: undefined });
  });
});
