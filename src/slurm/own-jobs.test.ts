import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ownJobsArgv, parseOwnJobs } from './own-jobs.js';
import { squeueFormat } from './squeue-format.js';

const read = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('ownJobsArgv', () => {
  it.each<[Parameters<typeof ownJobsArgv>[0], string[]]>([
    [{}, ['--me']],
    [{ name: 'sdk-basic-a1b2c3' }, ['--me', '-n', 'sdk-basic-a1b2c3']],
    [
      { name: 'sdk-x-000000', states: ['PENDING', 'RUNNING'] },
      ['--me', '-t', 'PENDING,RUNNING', '-n', 'sdk-x-000000'],
    ],
  ])('asks squeue in the list format for %j', (options, tail) => {
    const argv = ownJobsArgv(options);
    expect(argv.slice(0, 4)).toEqual(['squeue', '-h', '-O', squeueFormat()]);
    expect(argv.slice(4)).toEqual(tail);
  });

  it.each(['-x', 'two words', 'a,b', ''])('refuses the job name %j', (name) => {
    expect(() => ownJobsArgv({ name })).toThrow(/not a valid job name/);
  });
});

describe('parseOwnJobs on real 22.05 output', () => {
  const jobs = parseOwnJobs(read('squeue-22.05-own-jobs.txt'));

  it.each([
    ['sdk-fix-a1b2c3', '29', 'PENDING', 'BeginTime', undefined, '2026-12-01T19:33:57'],
    ['sdk-run-d4e5f6', '30', 'RUNNING', undefined, 'n1', '2026-12-01T18:33:58'],
  ])('%s: job %s %s, reason %j, node %j, start %s', (name, jobId, state, reason, node, start) => {
    expect(jobs.find((j) => j.name === name)).toMatchObject({
      jobId,
      state,
      reason,
      nodeList: node,
      startTime: start,
    });
  });

  it('reads nothing from an empty answer', () => {
    expect(parseOwnJobs('')).toEqual([]);
  });
});
