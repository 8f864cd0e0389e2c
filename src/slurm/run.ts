import type { ExecOptions, Transport } from '../transport/types.js';
import { slurmError } from './slurm-errors.js';

export interface RunContext {
  transport: Transport;
  /** Applied to every command unless the call gives its own. */
  timeoutMs: number;
}

export interface RunOptions {
  signal?: AbortSignal;
  stdin?: string;
  timeoutMs?: number;
}

export interface RunOutput {
  stdout: string;
  stderr: string;
}

/** Runs one Slurm command; a non-zero exit becomes a typed SlurmdeckError. */
export async function runSlurm(
  ctx: RunContext,
  argv: readonly string[],
  options: RunOptions = {},
): Promise<RunOutput> {
  const execOptions: ExecOptions = { timeoutMs: options.timeoutMs ?? ctx.timeoutMs };
  if (options.signal) execOptions.signal = options.signal;
  if (options.stdin !== undefined) execOptions.stdin = options.stdin;
  const result = await ctx.transport.exec(argv, execOptions);
  if (result.exitCode !== 0) throw slurmError(result, ctx.transport.target);
  return { stdout: result.stdout, stderr: result.stderr };
}
