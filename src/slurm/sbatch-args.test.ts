import { describe, expect, it } from 'vitest';
import { sbatchFlags, sbatchInvocation } from './sbatch-args.js';

describe('sbatchFlags', () => {
  it('maps every option to one --flag=value', () => {
    expect(
      sbatchFlags({
        partition: 'gpu',
        account: 'lab',
        qos: 'normal',
        time: '1-02:00:00',
        gpus: 'a100:2',
        gres: 'gpu:a100:2',
        cpusPerTask: 4,
        mem: '16G',
        nodes: '1-2',
        ntasks: 2,
        jobName: 'train run|v2',
        output: '/home/u/%x-%j.out',
        error: '/home/u/%x-%j.err',
        chdir: '/home/u/my project',
        exclude: 'n[1-2]',
        nodelist: 'n3',
        constraint: 'a100&ib',
        array: '0-15%4',
        dependency: 'afterok:123:124',
        extraArgs: ['--exclusive', '--signal=B:USR1@60'],
      }),
    ).toEqual([
      '--partition=gpu',
      '--account=lab',
      '--qos=normal',
      '--time=1-02:00:00',
      '--gpus=a100:2',
      '--gres=gpu:a100:2',
      '--cpus-per-task=4',
      '--mem=16G',
      '--nodes=1-2',
      '--ntasks=2',
      '--job-name=train run|v2',
      '--output=/home/u/%x-%j.out',
      '--error=/home/u/%x-%j.err',
      '--chdir=/home/u/my project',
      '--exclude=n[1-2]',
      '--nodelist=n3',
      '--constraint=a100&ib',
      '--array=0-15%4',
      '--dependency=afterok:123:124',
      '--exclusive',
      '--signal=B:USR1@60',
    ]);
  });

  it.each([
    [{ time: '1 hour' }, /invalid time/],
    [{ cpusPerTask: 0 }, /invalid cpusPerTask/],
    [{ cpusPerTask: 1.5 }, /invalid cpusPerTask/],
    [{ partition: 'gpu --wrap=x' }, /not a valid partition/],
    [{ mem: 'lots' }, /invalid mem/],
    [{ jobName: 'two\nlines' }, /invalid jobName/],
    [{ dependency: 'afterok:1;rm' }, /invalid dependency/],
    [{ extraArgs: ['script.sh'] }, /not a flag/],
  ])('refuses %j', (options, message) => {
    expect(() => sbatchFlags(options)).toThrow(message);
  });
});

describe('sbatchInvocation', () => {
  it('submits --wrap with --parsable', () => {
    expect(sbatchInvocation({ wrap: 'exit 3', partition: 'cpu' }, 'submit')).toEqual({
      argv: ['sbatch', '--parsable', '--partition=cpu', '--wrap=exit 3'],
      stdin: undefined,
    });
  });

  it('submits a script path with its arguments after the flags', () => {
    expect(sbatchInvocation({ script: 'train.sh', args: ['--lr', '0.1'] }, 'test').argv).toEqual([
      'sbatch',
      '--test-only',
      'train.sh',
      '--lr',
      '0.1',
    ]);
  });

  it('sends script text on stdin', () => {
    const text = '#!/bin/bash\necho hi\n';
    expect(sbatchInvocation({ scriptText: text }, 'submit')).toEqual({
      argv: ['sbatch', '--parsable'],
      stdin: text,
    });
  });

  it('refuses a script path that looks like a flag, and script text without #!', () => {
    expect(() => sbatchInvocation({ script: '--wrap=x' }, 'submit')).toThrow(/looks like a flag/);
    expect(() => sbatchInvocation({ scriptText: 'echo hi' }, 'submit')).toThrow(/#!/);
    expect(() => sbatchInvocation({ wrap: '  ' }, 'submit')).toThrow(/command line/);
  });
});
