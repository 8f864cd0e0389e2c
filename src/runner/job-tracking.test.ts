import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startJobTracking } from './job-tracking.js';

function record(env: NodeJS.ProcessEnv) {
  const workDir = mkdtempSync(join(tmpdir(), 'job-tracking-'));
  const notes: string[] = [];
  startJobTracking({
    command: ['python', 'train.py'],
    env: { SLURMDECK_SPOOL_DIR: 'spool', ...env },
    workDir,
    pid: process.pid,
    sysIntervalSeconds: 0,
    tensorboard: ['tb'],
    note: (line) => notes.push(line),
  });
  expect(notes).toEqual([]);
  return (name: string) => {
    const file = join(workDir, '.slurmdeck', 'ingest', name);
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as unknown) : undefined;
  };
}

describe("the runner's record for the login node's ingest", () => {
  it('is named after the job id', () => {
    const read = record({ SLURM_JOB_ID: '41' });
    expect(read('41.json')).toMatchObject({ spoolDir: expect.stringMatching(/spool$/) });
  });

  it("is named after the array task (JOB_TASK) in an array, as the task's runs are", () => {
    const read = record({ SLURM_JOB_ID: '57', SLURM_ARRAY_JOB_ID: '55', SLURM_ARRAY_TASK_ID: '2' });
    expect(read('55_2.json')).toMatchObject({ tensorboard: [expect.stringMatching(/tb$/)] });
    expect(read('57.json')).toBeUndefined();
  });
});
