import { describe, expect, it } from 'vitest';
import { allocationFromFlags, scriptDirectives } from './sbatch-directives.js';

describe('what a job allocates', () => {
  it('reads #SBATCH lines up to the first command, in every spelling', () => {
    const text = [
      '#!/bin/bash',
      '#SBATCH -p gpu',
      '#SBATCH --gpus=a100:2 --cpus-per-task 8  # two GPUs',
      '#SBATCH -t4:00:00',
      '# a comment',
      '#SBATCH --nodes=2 --mem=16G --exclusive',
      'echo start',
      '#SBATCH --partition=ignored',
    ].join('\n');
    expect(scriptDirectives(text)).toEqual({
      partition: 'gpu',
      gpus: 'a100:2',
      cpusPerTask: '8',
      time: '4:00:00',
      nodes: '2',
      mem: '16G',
    });
  });

  it('takes the last of a repeated srun flag', () => {
    expect(allocationFromFlags(['--gpus=1', '--partition=gpu', '--gpus=2'])).toEqual({
      gpus: '2',
      partition: 'gpu',
    });
  });
});
