import { describe, expect, it } from 'vitest';
import { excludeList, srunArgs, usesContainer } from './srun-args.js';

describe('srunArgs', () => {
  it('puts the site preset first and the user request after it', () => {
    const argv = srunArgs(
      {
        name: 's',
        gpus: '1',
        cpus: 4,
        mem: '16G',
        time: '2:00:00',
        containerArgs: [
          '--container-image=nvcr.io#nvidia/pytorch:24.01-py3',
          '--container-mounts=/data:/data',
        ],
        extraArgs: ['--qos=debug'],
      },
      {
        partition: 'gpu',
        account: 'lab',
        srunDefaults: ['--container-mount-home', '--partition=a100'],
      },
    );
    expect(argv).toEqual([
      '--container-mount-home',
      '--partition=a100',
      '--partition=gpu',
      '--account=lab',
      '--gpus=1',
      '--cpus-per-task=4',
      '--mem=16G',
      '--time=2:00:00',
      '--container-image=nvcr.io#nvidia/pytorch:24.01-py3',
      '--container-mounts=/data:/data',
      '--qos=debug',
    ]);
    expect(usesContainer(argv)).toBe(true);
  });

  it('refuses a value that srun would read as another flag', () => {
    expect(() => srunArgs({ name: 's', partition: '--wrap=x' }, { srunDefaults: [] })).toThrow(
      /--partition: not a valid value/,
    );
    expect(() => srunArgs({ name: 's', cpus: 0 }, { srunDefaults: [] })).toThrow(/not a CPU count/);
  });
});

describe('excludeList', () => {
  it('merges lists, splits commas and drops repeats', () => {
    expect(excludeList(['n1,n2'], ['n2', 'gpu[01-03]'])).toEqual(['n1', 'n2', 'gpu[01-03]']);
  });

  it('refuses something that is not a node name', () => {
    expect(() => excludeList(['n1;rm'])).toThrow(/not a node name/);
  });
});
