import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { sbatchInvocation } from './sbatch-args.js';

const TOKEN = 'slurmdeckjob_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const env = { SLURMDECK_URL: 'http://10.0.0.5:8080', SLURMDECK_TOKEN: TOKEN };

/** Runs the invocation's shell with `printenv` and `cat` standing in for sbatch. */
function run(invocation: { argv: string[]; stdin: string | undefined }) {
  const argv = invocation.argv.map((arg) => (arg === 'sbatch' ? 'sh' : arg));
  const at = argv.indexOf('--parsable');
  argv.splice(at, argv.length - at, '-c', 'printenv SLURMDECK_URL SLURMDECK_TOKEN; cat');
  return spawnSync(argv[0] as string, argv.slice(1), {
    input: invocation.stdin ?? '',
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] },
  });
}

describe('job variables that must not be on a command line', () => {
  it('reach sbatch through its environment, read from stdin, with the script after them', () => {
    const text = '#!/bin/bash\necho hi\n';
    const invocation = sbatchInvocation({ scriptText: text, secretEnv: env }, 'submit');
    expect(invocation.argv.join(' ')).not.toContain(TOKEN);
    expect(invocation.argv.slice(-2)).toEqual(['sbatch', '--parsable']);
    const out = run(invocation);
    expect(out.stdout).toBe(`http://10.0.0.5:8080\n${TOKEN}\n${text}`);
  });

  it('work for a command line or a script file too (nothing else on stdin)', () => {
    const invocation = sbatchInvocation({ wrap: 'python train.py', secretEnv: env }, 'submit');
    expect(invocation.argv.join(' ')).not.toContain(TOKEN);
    expect(invocation.argv).toContain('--wrap=python train.py');
    expect(run(invocation).stdout).toBe(`http://10.0.0.5:8080\n${TOKEN}\n`);
  });

  it('refuse a value that would break the line it travels on, without showing it', () => {
    let caught: unknown;
    try {
      sbatchInvocation({ wrap: 'x', secretEnv: { SLURMDECK_TOKEN: `${TOKEN}\nX=1` } }, 'submit');
    } catch (error) {
      caught = error;
    }
    expect(String((caught as Error).message)).toMatch(/SLURMDECK_TOKEN cannot be passed/);
    expect(JSON.stringify(caught)).not.toContain(TOKEN);
  });
});
