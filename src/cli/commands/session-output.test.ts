import { describe, expect, it } from 'vitest';
import { formatStatus } from './session-output.js';

describe('formatStatus', () => {
  it('says the phase and why, the job, excluded nodes and how long each step took', () => {
    const text = formatStatus({
      name: 'train',
      cluster: 'dev',
      tmux: 'sdk-train-abcdef',
      phase: 'queued',
      reason: 'Resources',
      jobId: '42',
      node: undefined,
      expectedStart: '2026-11-22T15:26:18',
      attempt: 2,
      badNodes: [{ node: 'n1', reason: 'health check failed on n1: exit 1' }],
      timeline: [
        { phase: 'connecting', at: 0, seconds: 1, attempt: 1 },
        { phase: 'queued', at: 1, seconds: 95, attempt: 2 },
      ],
      attached: false,
    });
    expect(text).toContain('session train on dev: queued (Resources)');
    expect(text).toContain('job 42, attempt 2');
    expect(text).toContain('expected start: 2026-11-22T15:26:18');
    expect(text).toContain('excluded n1: health check failed on n1: exit 1');
    expect(text).toMatch(/^queued\s+2\s+1:35$/m);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });
});
