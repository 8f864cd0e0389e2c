import { runSlurm, type RunContext, type RunOptions } from './run.js';
import { sbatchInvocation } from './sbatch-args.js';
import { parseParsable, parseTestOnly } from './sbatch-output.js';
import type { SubmitRequest, SubmitResult, TestOnlyResult } from './types.js';

export async function submit(
  ctx: RunContext,
  request: SubmitRequest,
  options: RunOptions = {},
): Promise<SubmitResult> {
  const { argv, stdin } = sbatchInvocation(request, 'submit');
  const { stdout } = await runSlurm(ctx, argv, withStdin(options, stdin));
  return parseParsable(stdout);
}

/** `sbatch --test-only`: when and where the job would start; no job is created. */
export async function testSubmit(
  ctx: RunContext,
  request: SubmitRequest,
  options: RunOptions = {},
): Promise<TestOnlyResult> {
  const { argv, stdin } = sbatchInvocation(request, 'test');
  const { stdout, stderr } = await runSlurm(ctx, argv, withStdin(options, stdin));
  // sbatch prints the estimate on stderr.
  return parseTestOnly(`${stderr}\n${stdout}`);
}

function withStdin(options: RunOptions, stdin: string | undefined): RunOptions {
  return stdin === undefined ? options : { ...options, stdin };
}
