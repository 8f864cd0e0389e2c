import { SlurmdeckError } from '../core/errors.js';
import type { SubmitResult, TestOnlyResult } from './types.js';

/** `sbatch --parsable` prints `123` or `123;cluster` (warnings, if any, go to stderr). */
export function parseParsable(stdout: string): SubmitResult {
  const line = stdout
    .split('\n')
    .map((l) => l.trim())
    .find((l) => /^\d+(?:;\S+)?$/.test(l));
  if (line === undefined) {
    throw new SlurmdeckError('SLURM_PARSE', `sbatch printed no job id: ${JSON.stringify(stdout)}`, {
      hint: 'The job may or may not exist: check squeue before resubmitting.',
    });
  }
  const [jobId = '', cluster] = line.split(';');
  return { jobId, cluster: cluster || undefined };
}

const TEST_ONLY =
  /Job (\d+) to start at (\S+) using (\d+) processors? on nodes (\S+) in partition (\S+)/;

/** `sbatch: Job 12 to start at 2024-05-01T12:00:00 using 1 processors on nodes n1 in partition debug`. */
export function parseTestOnly(output: string): TestOnlyResult {
  const m = TEST_ONLY.exec(output);
  if (!m) {
    throw new SlurmdeckError(
      'SLURM_PARSE',
      `unexpected sbatch --test-only output: ${output.trim()}`,
      {
        hint: 'Run sbatch --test-only by hand to see what Slurm says.',
      },
    );
  }
  const [, jobId = '', startTime = '', processors, nodes = '', partition = ''] = m;
  return { jobId, startTime, processors: Number(processors), nodes, partition };
}
