import { describe, expect, it } from 'vitest';
import { parseSrunMessage } from './srun-messages.js';

describe('parseSrunMessage', () => {
  // Lines as srun 22.05 -v printed them on the dev cluster (the wrapper keeps them as events).
  it.each([
    ['srun: job 42 queued and waiting for resources', { kind: 'queued', jobId: '42' }],
    [
      "srun: jobid 41: nodes(1):`n1', cpu counts: 1(x1)",
      { kind: 'allocated', jobId: '41', nodes: 'n1' },
    ],
    [
      "srun: jobid 7: nodes(2):`n[2-3]', cpu counts: 1(x2)",
      { kind: 'allocated', jobId: '7', nodes: 'n[2-3]' },
    ],
    ['srun: job 42 has been allocated resources', undefined],
    ['srun: error: Unable to allocate resources: Invalid partition name specified', undefined],
    ['', undefined],
  ])('reads %j', (line, said) => {
    expect(parseSrunMessage(line)).toEqual(said);
  });
});
