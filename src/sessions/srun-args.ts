import { SlurmdeckError } from '../core/errors.js';
import type { StartRequest } from './types.js';

export interface SrunDefaults {
  /** From the cluster's `defaults`. */
  partition?: string;
  account?: string;
  /** The cluster's `sessions.srunDefaults` (site preset: container flags and the like). */
  srunDefaults: readonly string[];
}

const NODE_NAME = /^[A-Za-z0-9][A-Za-z0-9._\-[\],]*$/;

function checkValue(flag: string, value: string): string {
  if (value === '' || value.startsWith('-') || /[\s\p{Cc}]/u.test(value)) {
    throw new SlurmdeckError(
      'INVALID_ARGUMENT',
      `${flag}: not a valid value: ${JSON.stringify(value)}`,
      {
        hint: `Give ${flag} a value without spaces that does not start with "-".`,
      },
    );
  }
  return value;
}

/**
 * The srun flags of a session, site preset first so that what the user asks for wins (srun
 * takes the last of a repeated flag). `--pty`, the job name and `--exclude` are the wrapper's.
 */
export function srunArgs(request: StartRequest, defaults: SrunDefaults): string[] {
  const argv = [...defaults.srunDefaults];
  const partition = request.partition ?? defaults.partition;
  if (partition !== undefined) argv.push(`--partition=${checkValue('--partition', partition)}`);
  if (defaults.account !== undefined)
    argv.push(`--account=${checkValue('--account', defaults.account)}`);
  if (request.gpus !== undefined) argv.push(`--gpus=${checkValue('--gpus', request.gpus)}`);
  if (request.cpus !== undefined) {
    if (!Number.isInteger(request.cpus) || request.cpus < 1) {
      throw new SlurmdeckError('INVALID_ARGUMENT', `--cpus: not a CPU count: ${request.cpus}`, {
        hint: 'Give a whole number of CPUs, 1 or more.',
      });
    }
    argv.push(`--cpus-per-task=${request.cpus}`);
  }
  if (request.mem !== undefined) argv.push(`--mem=${checkValue('--mem', request.mem)}`);
  if (request.time !== undefined) argv.push(`--time=${checkValue('--time', request.time)}`);
  argv.push(...(request.containerArgs ?? []), ...(request.extraArgs ?? []));
  return argv;
}

/** Node names for `--exclude`, checked and without repeats. */
export function excludeList(...lists: ReadonlyArray<readonly string[] | undefined>): string[] {
  const nodes = new Set<string>();
  for (const list of lists) {
    for (const entry of list ?? []) {
      for (const node of entry
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean)) {
        if (!NODE_NAME.test(node)) {
          throw new SlurmdeckError('INVALID_ARGUMENT', `not a node name: ${JSON.stringify(node)}`, {
            hint: 'List nodes as Slurm names them, e.g. n1,n2 or gpu[01-03].',
          });
        }
        nodes.add(node);
      }
    }
  }
  return [...nodes];
}

/** True when the session starts a container (pyxis/enroot): "starting" then means loading it. */
export function usesContainer(argv: readonly string[]): boolean {
  return argv.some((arg) => arg.startsWith('--container-image'));
}
