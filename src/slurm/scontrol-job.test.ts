import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScontrolJob, splitKeyValues } from './scontrol-job.js';

const read = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('parseScontrolJob on real 22.05 output', () => {
  it('reads a running GRES job with device indexes per node', () => {
    const job = parseScontrolJob(read('scontrol-22.05-running-gres.txt'));
    expect(job).toMatchObject({
      id: '6',
      name: 'gpu run',
      user: 'root',
      state: 'RUNNING',
      reason: undefined,
      nodeList: 'n2',
      batchHost: 'n2',
      gpus: 2,
      tresPerNode: 'gres:gpu:a100:2',
      stdout: '/tmp/capwork/slurm-6.out',
      stdin: '/dev/null',
      workDir: '/tmp/capwork',
      timeLimitSeconds: 86_400,
      elapsedSeconds: 6,
    });
    expect(job?.gresDetail).toEqual([
      { nodes: 'n2', gres: [{ name: 'gpu', type: 'a100', count: 2, indexes: [0, 1] }] },
    ]);
  });

  it('reads a failed job: exit code 3, reason NonZeroExitCode', () => {
    expect(parseScontrolJob(read('scontrol-22.05-failed.txt'))).toMatchObject({
      id: '2',
      state: 'FAILED',
      reason: 'NonZeroExitCode',
      exitCode: 3,
      signal: 0,
    });
  });

  it('reads a pending job with the node Slurm plans to use and no start yet', () => {
    const job = parseScontrolJob(read('scontrol-22.05-two-nodes.txt'));
    expect(job).toMatchObject({ state: 'PENDING', reason: 'Priority', nodeCount: 2, gpus: 2 });
    expect(job?.startTime).toBeUndefined();
  });

  it('counts --gpus requested per job', () => {
    expect(parseScontrolJob(read('scontrol-22.05-gpus-per-job.txt'))?.gpus).toBe(1);
  });

  it('keeps a name with | and spaces whole', () => {
    expect(parseScontrolJob(read('scontrol-22.05-pipe-name.txt'))?.name).toBe(
      'name|with|pipes and spaces',
    );
  });

  it('picks the wanted record when an array id prints several', () => {
    const text = read('scontrol-22.05-array.txt');
    expect(parseScontrolJob(text, '11')?.id).toBe('11_[2-6]');
    expect(parseScontrolJob(text, '11_1')).toMatchObject({
      id: '11_1',
      jobId: '13',
      state: 'RUNNING',
    });
  });

  it('returns undefined for empty output and keeps unknown keys in raw', () => {
    expect(parseScontrolJob('')).toBeUndefined();
    expect(parseScontrolJob('JobId=5 JobName=x NewKey=new value')?.raw['NewKey']).toBe('new value');
  });
});

describe('splitKeyValues', () => {
  it('keeps values with spaces and = whole', () => {
    expect(splitKeyValues('JobId=1 JobName=a b  TRES=cpu=1,mem=2 Socks/Node=* Power=')).toEqual([
      ['JobId', '1'],
      ['JobName', 'a b'],
      ['TRES', 'cpu=1,mem=2'],
      ['Socks/Node', '*'],
      ['Power', ''],
    ]);
  });
});
