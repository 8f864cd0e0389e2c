import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jobGpus, parseSqueue, squeueFormat, SQUEUE_FIELDS } from './squeue-format.js';

const read = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('parseSqueue on real 22.05 output', () => {
  const jobs = parseSqueue(read('squeue-22.05-mixed.txt'));
  const byName = (name: string) => jobs.find((j) => j.name === name);

  it('reads every line', () => {
    expect(jobs).toHaveLength(10);
  });

  it.each([
    ['dep', '22', 'PENDING', 'Dependency', 0],
    ['held', '23', 'PENDING', 'JobHeldUser', 0],
    ['needs4', '21', 'PENDING', 'Resources', 4],
    ['twonodes', '25', 'PENDING', 'Priority', 2],
    ['gpu run', '18', 'RUNNING', undefined, 2],
    ['per job gpus', '19', 'RUNNING', undefined, 1],
  ] as const)('job %s: id %s, %s, reason %j, %d GPUs', (name, id, state, reason, gpus) => {
    const job = byName(name);
    expect(job).toMatchObject({ id, state, reason, gpus });
  });

  it('keeps a job name with | and spaces whole', () => {
    const job = byName('name|with|pipes and spaces');
    expect(job).toMatchObject({ id: '20', nodeList: 'n2', workDir: '/tmp/capwork', user: 'root' });
  });

  it('names running array tasks 24_1 and the pending rest 24_[3-6]', () => {
    const ids = jobs.filter((j) => j.name === 'arr').map((j) => j.id);
    expect(ids.sort()).toEqual(['24_1', '24_2', '24_[3-6]']);
    expect(jobs.find((j) => j.id === '24_1')).toMatchObject({ jobId: '26', arrayJobId: '24' });
  });

  it('reads times, limits and resources of a running GRES job', () => {
    expect(byName('gpu run')).toMatchObject({
      partition: 'gpu',
      account: 'lab',
      qos: 'normal',
      nodeCount: 1,
      cpus: 1,
      tresPerNode: 'gres:gpu:a100:2',
      minMemory: '500M',
      timeLimitSeconds: 86_400,
      elapsedSeconds: 4,
      submitTime: '2026-11-22T14:57:07',
      startTime: '2026-11-22T14:57:07',
      endTime: '2026-11-23T14:57:07',
    });
    expect(byName('dep')).toMatchObject({ startTime: undefined, nodeList: undefined });
  });

  it('lists each array task with -r', () => {
    const tasks = parseSqueue(read('squeue-22.05-array-tasks.txt')).filter((j) => j.name === 'arr');
    expect(tasks.map((j) => j.id).sort()).toEqual(['24_1', '24_2', '24_3', '24_4', '24_5', '24_6']);
  });

  it('keeps a free-text pending reason with commas and spaces', () => {
    const [job] = parseSqueue(read('squeue-22.05-long-reason.txt'));
    expect(job?.reason).toBe('ReqNodeNotAvail, UnavailableNodes:n1');
  });
});

describe('squeue format', () => {
  it('asks for every field at size 0 with the rare separator, the name last', () => {
    const format = squeueFormat();
    expect(format.split(',')).toHaveLength(SQUEUE_FIELDS.length);
    expect(format.endsWith('Name:0')).toBe(true);
    expect(format).toContain('JobID:0\x1f');
  });

  it('keeps a separator that ends up in the last field inside the name', () => {
    const line = read('squeue-22.05-long-reason.txt').trimEnd();
    const [job] = parseSqueue(`${line}\x1fextra\n`);
    expect(job?.name).toBe('wants n1\x1fextra');
    expect(job?.state).toBe('PENDING');
  });

  it('counts GPUs from TRES when tracked, else from --gpus and --gres x nodes', () => {
    expect(jobGpus('cpu=1,gres/gpu=3', undefined, 'gres:gpu:a100:1', 2)).toBe(3);
    expect(jobGpus('cpu=1', 'gres:gpu:1', undefined, 1)).toBe(1);
    expect(jobGpus('cpu=1', undefined, 'gres:gpu:a100:1', 2)).toBe(2);
    expect(jobGpus(undefined, undefined, undefined, undefined)).toBe(0);
  });
});
