import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { wrapperScript } from './wrapper-script.js';

const script = wrapperScript({
  tmux: 'sdk-train-abc123',
  nonce: 'abcd1234',
  srunArgs: ['--gpus=1', '--container-image=nvcr.io#nvidia/pytorch:24.01-py3', "--comment=it's"],
  exclude: ['n1'],
  healthCommand: 'nvidia-smi -L && test "$SLURMD_NODENAME" != n1',
  maxRetries: 3,
  idleReleaseSeconds: 600,
});

describe('wrapperScript', () => {
  it('is valid bash', () => {
    expect(() => execFileSync('bash', ['-n'], { input: script })).not.toThrow();
  });

  it('passes container flags through to srun unchanged', () => {
    const argv = execFileSync(
      'bash',
      ['-c', `${script.split('\nboot=')[0]}\nprintf '%s\\n' "\${srunargs[@]}"`],
      {
        encoding: 'utf8',
      },
    );
    expect(argv.trim().split('\n')).toEqual([
      '--gpus=1',
      '--container-image=nvcr.io#nvidia/pytorch:24.01-py3',
      "--comment=it's",
    ]);
  });

  it('keeps the health command as one word', () => {
    const value = execFileSync(
      'bash',
      ['-c', `${script.split('\nboot=')[0]}\nprintf '%s' "$health"`],
      {
        encoding: 'utf8',
      },
    );
    expect(value).toBe('nvidia-smi -L && test "$SLURMD_NODENAME" != n1');
  });
});
