/** A problem with pyxis/enroot flags, found before srun spends minutes failing on it. */
export interface ContainerFlagProblem {
  flag: string;
  message: string;
  hint: string;
}

export interface ContainerFlagCheck {
  problems: ContainerFlagProblem[];
  /** Folders `--container-save` writes into: the caller checks on the cluster that they exist. */
  foldersToCheck: string[];
}

// Registries enroot reads as `REGISTRY#IMAGE`; written with `/` it looks for a Docker Hub user.
const REGISTRY =
  /^(?:docker:\/\/)?(?:[^@/#]+@)?((?:nvcr\.io|ghcr\.io|quay\.io|[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::\d+)?))\/(.+)$/i;

/** Checks srun/sbatch arguments for the pyxis mistakes users make most. */
export function checkContainerFlags(args: readonly string[]): ContainerFlagCheck {
  const problems: ContainerFlagProblem[] = [];
  const foldersToCheck: string[] = [];
  for (const [flag, value] of flagValues(args)) {
    if (flag === '--container-image') {
      if (/\.sqsh$/i.test(value) && !value.startsWith('/')) {
        problems.push({
          flag,
          message: `the image file "${value}" is a relative path`,
          hint: 'pyxis resolves it on the compute node, not where you are: give the absolute path, e.g. /lustre/home/you/images/app.sqsh.',
        });
      }
      const registry = REGISTRY.exec(value);
      if (registry && !value.includes('#') && !value.startsWith('/')) {
        problems.push({
          flag,
          message: `the image "${value}" names its registry with "/"`,
          hint: `enroot separates the registry with "#": use ${registry[1]}#${registry[2]}.`,
        });
      }
    }
    if (flag === '--container-save') {
      if (!value.startsWith('/')) {
        problems.push({
          flag,
          message: `the save path "${value}" is a relative path`,
          hint: 'Give an absolute path on shared storage, e.g. /lustre/home/you/images/saved.sqsh.',
        });
      } else {
        foldersToCheck.push(value.replace(/\/[^/]*$/, '') || '/');
      }
    }
  }
  return { problems, foldersToCheck };
}

/** `--flag value` and `--flag=value` alike. */
function flagValues(args: readonly string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--container-') && eq > 0) out.push([arg.slice(0, eq), arg.slice(eq + 1)]);
    else if (arg.startsWith('--container-') && i + 1 < args.length) {
      const next = args[i + 1] as string;
      if (!next.startsWith('-')) out.push([arg, next]);
    }
  }
  return out;
}
