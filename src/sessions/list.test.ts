import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseListAnswer } from './list.js';

// squeue's part of the answer, as captured with ownJobsArgv() on the dev cluster.
const ownJobs = readFileSync(
  new URL('../slurm/fixtures/squeue-22.05-own-jobs.txt', import.meta.url),
  'utf8',
);

const answer = `S sdk-run-d4e5f6 1 1796150000
S sdk-fix-a1b2c3 0 1796149000
S mine 0 1796148000
E sdk-old-0a0b0c 1796147000 ended stopped by the user
QUEUE
${ownJobs}`;

describe('parseListAnswer', () => {
  const { tmux, lastWord, jobs } = parseListAnswer(answer);

  it('reads the tmux sessions with attached and created', () => {
    expect([...tmux.keys()]).toEqual(['sdk-run-d4e5f6', 'sdk-fix-a1b2c3', 'mine']);
    expect(tmux.get('sdk-run-d4e5f6')).toEqual({ attached: true, created: 1796150000 });
  });

  it("reads the wrapper's last word", () => {
    expect(lastWord.get('sdk-old-0a0b0c')).toEqual({
      phase: 'ended',
      reason: 'stopped by the user',
    });
  });

  it.each([
    ['sdk-fix-a1b2c3', { jobId: '29', state: 'PENDING', node: undefined }],
    ['sdk-run-d4e5f6', { jobId: '30', state: 'RUNNING', node: 'n1' }],
  ])('finds the job named %s', (name, job) => {
    expect(jobs.get(name)).toEqual(job);
  });

  it('reads no jobs when squeue said nothing', () => {
    expect(parseListAnswer('S sdk-a-000000 0 1\nQUEUE\n').jobs.size).toBe(0);
  });
});
