import { SlurmdeckError } from '../core/errors.js';
import type { SlurmVersion } from './types.js';

/** `slurm 22.05.8`, `slurm-wlm 22.05.8` (Debian), `slurm 24.11.0-0rc1`. */
export function parseVersion(output: string): SlurmVersion {
  const m = /\b(\d{2})\.(\d{2})\.(\d+)\S*/.exec(output);
  if (!m) {
    throw new SlurmdeckError(
      'SLURM_PARSE',
      `cannot read a Slurm version from ${JSON.stringify(output.trim())}`,
      {
        hint: 'Check that `sinfo --version` works on the cluster host.',
      },
    );
  }
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), raw: m[0] };
}

/** True when `version` is at least `major.minor` (Slurm releases are YY.MM). */
export function atLeast(version: SlurmVersion, major: number, minor = 0): boolean {
  return version.major > major || (version.major === major && version.minor >= minor);
}
