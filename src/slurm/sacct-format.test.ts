import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sacctArgv } from './accounting.js';
import { parseSacct } from './sacct-format.js';

const read = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('parseSacct on real 22.05 output', () => {
  const records = parseSacct(read('sacct-22.05-scenarios.txt'));
  const byName = (name: string) => records.find((r) => r.name === name);

  it('folds steps into their jobs', () => {
    expect(records.map((r) => r.id)).toEqual([
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '10',
      '11_1',
      '11_2',
      '11_3',
    ]);
    expect(byName('fail3')?.steps.map((s) => s.id)).toEqual(['3.batch']);
  });

  it.each([
    ['fail3', 'FAILED', 3, 0, undefined],
    ['ok', 'COMPLETED', 0, 0, undefined],
    ['sig9', 'FAILED', 0, 9, undefined],
    ['timeout', 'TIMEOUT', 0, 0, undefined],
    ['gpu run', 'CANCELLED', 0, 0, '0'],
    ['held', 'CANCELLED', 0, 0, '0'],
  ] as const)('%s ended %s, exit %d signal %d, cancelled by %j', (name, state, code, sig, by) => {
    expect(byName(name)).toMatchObject({ state, exitCode: code, signal: sig, cancelledBy: by });
  });

  it('takes MaxRSS from the steps and elapsed time from the job', () => {
    expect(byName('timeout')).toMatchObject({
      elapsedSeconds: 60,
      maxRssBytes: 3_305_472,
      timeLimitSeconds: 60,
      nodeList: 'n1',
      startTime: '2026-11-22T15:09:03',
      endTime: '2026-11-22T15:10:03',
    });
    expect(byName('timeout')?.steps[0]).toMatchObject({ state: 'CANCELLED', signal: 15 });
  });

  it('reads the CPU time a busy job used, for its efficiency', () => {
    const busy = byName('busy');
    expect(busy).toMatchObject({ elapsedSeconds: 20, allocCpus: 1, maxRssBytes: 78_135_296 });
    expect(busy?.totalCpuSeconds).toBeCloseTo(11.974, 3);
    expect(byName('held')?.totalCpuSeconds).toBe(0);
  });

  it('keeps a job name with | whole and reads never-started jobs', () => {
    expect(byName('name|with|pipes and spaces')).toMatchObject({ id: '8', user: 'root' });
    expect(byName('held')).toMatchObject({
      nodeList: undefined,
      startTime: undefined,
      reason: 'JobHeldUser',
      timeLimitSeconds: undefined,
    });
  });

  it('reads array task records with their raw ids and exit codes', () => {
    expect(records.find((r) => r.id === '11_1')).toMatchObject({ jobIdRaw: '12', exitCode: 1 });
    expect(records.find((r) => r.id === '11_3')).toMatchObject({ jobIdRaw: '11', exitCode: 3 });
  });
});

describe('sacctArgv', () => {
  it('builds one parsable call with filters', () => {
    const argv = sacctArgv({ jobIds: ['12', '13_2'], users: ['*'], since: 'now-1hours' });
    expect(argv.slice(0, 5)).toEqual(['sacct', '-P', '-n', '--noconvert', '--delimiter=\x1f']);
    expect(argv).toContain('--jobs=12,13_2');
    expect(argv).toContain('--allusers');
    expect(argv).toContain('--starttime=now-1hours');
  });

  it('refuses malformed ids, users and times before any command runs', () => {
    expect(() => sacctArgv({ jobIds: ['12;rm'] })).toThrow(/not a Slurm job id/);
    expect(() => sacctArgv({ users: ['a,b'] })).toThrow(/not a valid user/);
    expect(() => sacctArgv({ since: 'now; reboot' })).toThrow(/not a sacct time/);
  });
});
