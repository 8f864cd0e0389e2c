import { describe, expect, it } from 'vitest';
import { scancelArgv, scancelByNameArgv, unknownJobIds } from './cancel.js';

describe('scancelByNameArgv', () => {
  it("cancels only the user's jobs of that name", () => {
    expect(scancelByNameArgv('sdk-basic-a1b2c3', 'sduser')).toEqual([
      'scancel',
      '-u',
      'sduser',
      '-n',
      'sdk-basic-a1b2c3',
    ]);
  });

  it.each([
    ['-n', 'sduser'],
    ['a b', 'sduser'],
    ['sdk-x-000000', '--help'],
  ])('refuses name %j with user %j', (name, user) => {
    expect(() => scancelByNameArgv(name, user)).toThrow(/not a valid/);
  });
});

describe('scancelArgv', () => {
  it("takes an array's pending tasks as squeue lists them, and nothing else of that shape", () => {
    expect(scancelArgv(['24_[3-6]', '25_[1,4-9%2]'])).toEqual([
      'scancel',
      '-v',
      '24_[3-6]',
      '25_[1,4-9%2]',
    ]);
    for (const bad of ['24_[3-6];x', '24_[]', '24_[a-b]', '[3-6]']) {
      expect(() => scancelArgv([bad])).toThrow(/not a Slurm job id/);
    }
  });

  it('is verbose, so unknown ids show on stderr', () => {
    expect(scancelArgv(['12', '13_4'], 'USR1')).toEqual([
      'scancel',
      '-v',
      '--signal=USR1',
      '12',
      '13_4',
    ]);
    expect(
      unknownJobIds('scancel: error: Kill job error on job id 99: Invalid job id specified\n'),
    ).toEqual(['99']);
  });
});
