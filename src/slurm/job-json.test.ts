import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exitStatus, jobFromJson } from './job-json.js';
import { isObject } from './slurm-json.js';

const read = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const jobsOf = (name: string) => {
  const parsed: unknown = JSON.parse(read(name));
  const jobs = isObject(parsed) && Array.isArray(parsed['jobs']) ? parsed['jobs'] : [];
  return jobs.filter(isObject);
};

describe('jobFromJson on real 22.05 squeue --json (plain numbers)', () => {
  const jobs = jobsOf('squeue-json-22.05.json').map(jobFromJson);
  const byId = (id: string) => jobs.find((j) => j.id === id);

  it('reads a running GRES job', () => {
    expect(byId('6')).toMatchObject({
      name: 'gpu run',
      state: 'RUNNING',
      partition: 'gpu',
      nodeList: 'n2',
      gpus: 2,
      timeLimitSeconds: 86_400,
      exitCode: 0,
      reason: undefined,
      submitTime: '2026-11-22T14:54:38Z',
    });
    expect(byId('6')?.gresDetail[0]?.gres[0]).toEqual({
      name: 'gpu',
      type: 'a100',
      count: 2,
      indexes: [0, 1],
    });
  });

  it('decodes the raw wait status of a job that exited 3', () => {
    expect(byId('2')).toMatchObject({
      state: 'FAILED',
      reason: 'NonZeroExitCode',
      exitCode: 3,
      signal: 0,
    });
  });

  it('names array tasks and pending array ranges', () => {
    expect(byId('11_1')?.jobId).toBe('13');
    expect(byId('11_[2-6]')?.state).toBe('PENDING');
  });
});

describe('jobFromJson on the 24.05 (data_parser v0.0.41) shape with wrappers', () => {
  const [job] = jobsOf('scontrol-json-v0.0.41-shape.json').map(jobFromJson);

  it('reads wrapped numbers, list states, exit code objects and an infinite limit', () => {
    expect(job).toMatchObject({
      id: '40_3',
      jobId: '43',
      arrayJobId: '40',
      name: 'train|v2 run',
      user: 'sduser',
      state: 'FAILED',
      reason: 'NonZeroExitCode',
      exitCode: 3,
      signal: 0,
      cpus: 2,
      nodeCount: 1,
      gpus: 2,
      minMemory: '4000M',
      timeLimitSeconds: null,
      elapsedSeconds: 88,
      priority: 1,
      startTime: '2025-05-08T08:35:12Z',
    });
    expect(job?.raw['some_field_a_future_slurm_adds']).toBeDefined();
  });
});

describe('exitStatus', () => {
  it.each([
    ['22.05 raw status, exit 3', 768, { exitCode: 3, signal: 0 }],
    ['22.05 raw status, killed by 9', 9, { exitCode: 0, signal: 9 }],
    [
      'v0.0.41 killed by signal',
      {
        status: ['SIGNALED'],
        return_code: { set: true, number: 0 },
        signal: { id: { set: true, number: 9 }, name: 'KILL' },
      },
      { exitCode: 0, signal: 9 },
    ],
    ['missing', undefined, {}],
  ])('%s', (_label, value, expected) => {
    expect(exitStatus(value)).toEqual(expected);
  });
});
