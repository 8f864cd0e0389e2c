import { SlurmdeckError, isSlurmdeckError } from '../core/errors.js';
import { clusterView } from './list-nodes.js';
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
  const { stdout } = await runSlurm(ctx, argv, withStdin(options, stdin)).catch((error: unknown) =>
    explainRejection(ctx, error),
  );
  return parseParsable(stdout);
}

/** `sbatch --test-only`: when and where the job would start; no job is created. */
export async function testSubmit(
  ctx: RunContext,
  request: SubmitRequest,
  options: RunOptions = {},
): Promise<TestOnlyResult> {
  const { argv, stdin } = sbatchInvocation(request, 'test');
  const { stdout, stderr } = await runSlurm(ctx, argv, withStdin(options, stdin)).catch(
    (error: unknown) => explainRejection(ctx, error),
  );
  // sbatch prints the estimate on stderr.
  return parseTestOnly(`${stderr}\n${stdout}`);
}

function withStdin(options: RunOptions, stdin: string | undefined): RunOptions {
  return stdin === undefined ? options : { ...options, stdin };
}

/** sbatch says "invalid partition"; the fix is knowing which partitions exist (one sinfo, only then). */
async function explainRejection(ctx: RunContext, error: unknown): Promise<never> {
  if (isSlurmdeckError(error, 'SLURM_REJECTED') && /partition/i.test(error.message)) {
    const names = await clusterView(ctx)
      .then((view) => view.partitions.map((p) => p.name))
      .catch(() => []);
    if (names.length > 0) {
      throw new SlurmdeckError('SLURM_REJECTED', error.message, {
        cause: error,
        hint: `Partitions on this cluster: ${names.join(', ')}.`,
      });
    }
  }
  throw error;
}
