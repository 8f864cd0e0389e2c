import type { Transport } from '../transport/types.js';
import { cleanTerminalText } from '../core/clean-text.js';
import { assertJobId } from './job-id.js';
import { runSlurm } from './run.js';

/**
 * The batch script a job was submitted with, as the controller keeps it
 * (`scontrol write batch_script ID -`): only while the controller still knows the job, and only
 * for its owner or an operator. Undefined when it cannot be had.
 */
export async function batchScript(transport: Transport, id: string): Promise<string | undefined> {
  const argv = ['scontrol', 'write', 'batch_script', assertJobId(id), '-'];
  try {
    const { stdout } = await runSlurm({ transport, timeoutMs: 15_000 }, argv);
    return stdout === '' ? undefined : cleanTerminalText(stdout);
  } catch {
    return undefined;
  }
}

// What sbatch writes for `--wrap`: the command is the last line.
const WRAPPED = /^#!\/bin\/sh\n# This script was created by sbatch --wrap\.\n\n([^\n]+)\n?$/;

/** The command line of a `--wrap` job's script; undefined for any other script. */
export function wrappedCommand(script: string): string | undefined {
  return WRAPPED.exec(script)?.[1];
}
