import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ExecResult } from '../transport/types.js';
import { slurmError } from './slurm-errors.js';

interface Captured extends ExecResult {
  name: string;
}
const captured = (
  JSON.parse(
    readFileSync(new URL('./fixtures/command-results-22.05.json', import.meta.url), 'utf8'),
  ) as { results: Captured[] }
).results;
const result = (name: string): ExecResult => {
  const found = captured.find((c) => c.name === name);
  if (!found) throw new Error(`no captured result ${name}`);
  return { ...found, durationMs: 1 };
};

describe('slurmError on real 22.05 failures', () => {
  it('reports an invalid partition as SLURM_REJECTED in Slurm words, naming it', () => {
    const error = slurmError(result('sbatch-bad-partition'), 'local');
    expect(error.code).toBe('SLURM_REJECTED');
    expect(error.message).toContain('sbatch: error: invalid partition specified: gpux');
    expect(error.hint).toMatch(/partition/);
    expect(error.data?.['exitCode']).toBe(1);
  });

  it('reports another user job as NOT_PERMITTED', () => {
    const error = slurmError(result('scancel-denied'), 'sduser@login');
    expect(error.code).toBe('NOT_PERMITTED');
    expect(error.message).toBe(
      'scancel: error: Kill job error on job id 7: Access/permission denied',
    );
  });

  it('reports an unknown job as JOB_NOT_FOUND', () => {
    expect(slurmError(result('squeue-invalid'), 'local').code).toBe('JOB_NOT_FOUND');
    expect(slurmError(result('scontrol-invalid'), 'local').code).toBe('JOB_NOT_FOUND');
  });
});

describe('slurmError on controller trouble', () => {
  const failed = (stderr: string, exitCode = 1): ExecResult => ({
    argv: ['squeue', '-h'],
    exitCode,
    stdout: '',
    stderr,
    durationMs: 1,
  });

  it.each([
    'slurm_load_partitions: Unable to contact slurm controller (connect failure)',
    'squeue: error: Socket timed out on send/recv operation',
    'sacct: error: Problem talking to the database: Connection refused',
    'sinfo: fatal: Could not establish a configuration source',
  ])('reports %j as SLURM_UNAVAILABLE', (stderr) => {
    expect(slurmError(failed(stderr), 'local').code).toBe('SLURM_UNAVAILABLE');
  });

  it('reports missing Slurm commands as SLURM_UNAVAILABLE with the host', () => {
    const error = slurmError(failed('bash: line 1: squeue: command not found', 127), 'me@login');
    expect(error.code).toBe('SLURM_UNAVAILABLE');
    expect(error.message).toContain('me@login');
  });

  it('falls back to the exit code when stderr is empty', () => {
    expect(slurmError(failed('', 2), 'local').message).toBe('squeue exited with code 2');
  });
});
