import { describe, expect, it } from 'vitest';
import { deriveStatus } from './derive-status.js';
import { parseProbe } from './probe.js';

/** One line of `ownJobsArgv` output, shaped like the captured ones in slurm/fixtures/. */
const squeueRow = (job: { jobId: string; state: string; reason: string; start: string }) =>
  [
    job.jobId,
    job.jobId,
    'N/A',
    'N/A',
    'N/A',
    job.state,
    job.reason,
    'gpu',
    'sduser',
    'lab',
    'normal',
    '1',
    '1',
    'gres:gpu:1',
    'N/A',
    'N/A',
    '500M',
    '1-00:00:00',
    '0:00',
    '2026-11-22T15:20:00',
    job.start,
    'N/A',
    '',
    '/home/sduser',
    'sdk-s-000000',
  ].join('\x1f');

// What PROBE printed for a session whose first node failed its health check, then waited.
const retried = `TMUX 1 0
NOW 1000
SIZE 2048
EV 900 start
EV 900 attempt 1 -
EV 901 srun srun: jobid 41: nodes(1):\`n1', cpu counts: 1(x1)
EV 904 bad n1 health check failed on n1: exit 1: no GPU
EV 904 attempt 2 n1
EV 905 srun srun: job 42 queued and waiting for resources
MK UP 1 41 n1 902
MK HEALTH 1 exit 1: no GPU
QUEUE
${squeueRow({ jobId: '42', state: 'PENDING', reason: 'Resources', start: '2026-11-22T15:26:18' })}`;

describe('deriveStatus', () => {
  it('shows a retry after a bad node, queued with the reason and the expected start', () => {
    const d = deriveStatus(parseProbe(retried), { container: false, createdAt: 900 });
    expect(d).toMatchObject({
      phase: 'queued',
      jobId: '42',
      reason: 'Resources',
      expectedStart: '2026-11-22T15:26:18',
      attempt: 2,
      badNodes: [{ node: 'n1', reason: 'health check failed on n1: exit 1: no GPU', at: 904 }],
    });
    expect(d.timeline.map((s) => [s.phase, s.attempt, s.seconds])).toEqual([
      ['connecting', 1, 1],
      ['allocated', 1, 1],
      ['starting', 1, 2],
      ['connecting', 2, 1],
      ['queued', 2, 95],
    ]);
  });

  it('says starting (container) once allocated when a container image loads', () => {
    const probe = parseProbe(
      "TMUX 1 0\nNOW 950\nEV 900 start\nEV 900 attempt 1 -\nEV 910 srun srun: jobid 7: nodes(1):`n2', cpu counts: 1(x1)",
    );
    const d = deriveStatus(probe, { container: true, createdAt: 900 });
    expect(d).toMatchObject({ phase: 'starting', node: 'n2', jobId: '7' });
    expect(d.timeline.at(-1)).toMatchObject({ detail: 'container', seconds: 40 });
  });

  it('reports ready, then ended with the reason the wrapper gave', () => {
    const text = `TMUX 0 0\nNOW 2000\nEV 900 start\nEV 900 attempt 1 -\nEV 1500 ended the shell exited (srun exit code 0)\nMK UP 1 5 n3 901\nMK READY 1 903`;
    const d = deriveStatus(parseProbe(text), { container: false, createdAt: 900 });
    expect(d).toMatchObject({
      phase: 'ended',
      reason: 'the shell exited (srun exit code 0)',
      vanished: false,
    });
    expect(d.timeline.map((s) => s.phase)).toEqual(['connecting', 'starting', 'ready', 'ended']);
  });

  it('says the tmux session vanished when it is gone without a word from the wrapper', () => {
    const text =
      'TMUX 0 0\nNOW 2000\nEV 900 start\nEV 900 attempt 1 -\nMK UP 1 5 n3 901\nMK READY 1 903';
    const d = deriveStatus(parseProbe(text), { container: false, createdAt: 900 });
    expect(d).toMatchObject({ phase: 'ended', vanished: true, jobId: '5' });
    expect(d.reason).toMatch(/tmux session on the login host is gone/);
  });
});
