import { SlurmdeckError } from '../core/errors.js';
import type { ExecResult } from '../transport/types.js';

const UNAVAILABLE = [
  /Unable to contact slurm controller/i,
  /Socket timed out/i,
  /Connection refused/i,
  /Zero Bytes were transmitted or received/i,
  /Could not establish a configuration source/i,
  /Problem talking to the database/i,
  /slurmdbd: Connection/i,
  /Slurm backup controller in standby mode/i,
  /Communication connection failure/i,
];

const NOT_PERMITTED = [/Access\/permission denied/i, /not authorized/i, /Only root can/i];

/** Turns a Slurm command that exited non-zero into the typed error a face can act on. */
export function slurmError(result: ExecResult, target: string): SlurmdeckError {
  // sbatch run under `sh -c` to take job variables from stdin (sbatch-args.ts) is still sbatch.
  const wrapped = result.argv[0] === 'sh' && result.argv[1] === '-c';
  const command = (wrapped ? result.argv[4] : result.argv[0]) ?? 'slurm';
  const stderr = result.stderr.trim();
  const message = summarize(stderr) || `${command} exited with code ${result.exitCode}`;
  const data = { argv: [...result.argv], exitCode: result.exitCode, stderr, target };
  if (result.exitCode === 127 || /command not found/.test(stderr)) {
    return new SlurmdeckError('SLURM_UNAVAILABLE', `${command}: command not found on ${target}`, {
      hint: `Point slurmdeck at a login node with the Slurm commands, or where they come from a module, set the cluster's \`setup\` (e.g. "module load slurm") in the config.`,
      data,
    });
  }
  if (/Invalid job id specified/i.test(stderr)) {
    return new SlurmdeckError('JOB_NOT_FOUND', message, {
      hint: 'The controller no longer knows this job: it may have finished; look in accounting (sacct).',
      data,
    });
  }
  if (NOT_PERMITTED.some((re) => re.test(stderr))) {
    return new SlurmdeckError('NOT_PERMITTED', message, {
      hint: 'Slurm refused this for your user: only the job owner, an operator or root may do it.',
      data,
    });
  }
  if (UNAVAILABLE.some((re) => re.test(stderr))) {
    return new SlurmdeckError('SLURM_UNAVAILABLE', message, {
      hint: `The Slurm controller (or its database) did not answer from ${target}; retry later.`,
      data,
    });
  }
  return new SlurmdeckError('SLURM_REJECTED', message, { hint: rejectHint(command), data });
}

function rejectHint(command: string): string {
  switch (command) {
    case 'sbatch':
      return 'Check the partition, account, QOS, time and resources against `sinfo` and your associations.';
    case 'scancel':
      return 'Check the job id and that the job is still queued or running.';
    case 'sacct':
      return 'Check the filters; accounting needs slurmdbd to be configured.';
    default:
      return `Slurm's ${command} refused the request; its message says why.`;
  }
}

/** Slurm's own words: the error lines if any, else the whole of stderr, kept short. */
function summarize(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const errors = lines.filter((l) => /\b(error|fatal)\b/i.test(l));
  const chosen = (errors.length > 0 ? errors : lines).join('\n');
  return chosen.length > 2000 ? `${chosen.slice(0, 2000)}…` : chosen;
}
