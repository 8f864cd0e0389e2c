import { SlurmdeckError } from '../core/errors.js';
import type { Transport } from '../transport/index.js';
import { checkContainerFlags } from './container-flags.js';

/**
 * pyxis mistakes found before srun spends minutes on them: bad image names and paths here, a
 * `--container-save` folder that does not exist on the cluster with one command there.
 */
export async function checkContainerArgs(
  transport: Transport,
  args: readonly string[],
): Promise<void> {
  const { problems, foldersToCheck } = checkContainerFlags(args);
  const first = problems[0];
  if (first) {
    throw new SlurmdeckError('INVALID_ARGUMENT', `${first.flag}: ${first.message}`, {
      hint: first.hint,
    });
  }
  if (foldersToCheck.length === 0) return;
  const script = 'for d in "$@"; do [ -d "$d" ] || echo "$d"; done';
  const result = await transport.exec(['sh', '-c', script, 'sh', ...foldersToCheck], {
    timeoutMs: 30_000,
  });
  const missing = result.stdout.split('\n').filter(Boolean);
  if (missing.length) {
    throw new SlurmdeckError(
      'INVALID_ARGUMENT',
      `--container-save: the folder ${missing[0]} does not exist on the cluster`,
      {
        hint: `Create it first (mkdir -p ${missing[0]}), or save elsewhere: pyxis fails only after the whole job ran.`,
      },
    );
  }
}
