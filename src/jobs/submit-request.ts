import { existsSync, readFileSync } from 'node:fs';
import { SlurmdeckError } from '../core/errors.js';
import type { SubmitOptions, SubmitRequest } from '../slurm/index.js';
import type { Transport } from '../transport/index.js';

/**
 * A batch script on this machine as a submit request: on a local transport sbatch reads the
 * file itself (arguments allowed); over SSH its text is sent, so arguments cannot follow it.
 */
export function localScriptRequest(
  transport: Pick<Transport, 'kind'>,
  options: SubmitOptions,
  script: string,
  scriptArgs: readonly string[] = [],
  hints: { missing?: string } = {},
): SubmitRequest {
  if (!existsSync(script)) {
    throw new SlurmdeckError('INVALID_ARGUMENT', `no such script: ${script}`, {
      hint: hints.missing ?? 'Check the path.',
    });
  }
  if (transport.kind === 'local') return { ...options, script, args: [...scriptArgs] };
  if (scriptArgs.length > 0) {
    throw new SlurmdeckError(
      'INVALID_ARGUMENT',
      'script arguments need the script on the cluster',
      {
        hint: 'Put the arguments in the script, or copy it to the cluster and submit it there.',
      },
    );
  }
  return { ...options, scriptText: readFileSync(script, 'utf8') };
}

/** What a job asks Slurm for: the resources that are allocated, and billed, once it runs. */
export interface Allocation {
  partition?: string;
  account?: string;
  qos?: string;
  nodes?: string;
  ntasks?: string;
  cpusPerTask?: string;
  gpus?: string;
  gpusPerNode?: string;
  gpusPerTask?: string;
  gres?: string;
  mem?: string;
  time?: string;
  array?: string;
}

const FLAGS: Record<string, keyof Allocation> = {
  '-p': 'partition',
  '--partition': 'partition',
  '-A': 'account',
  '--account': 'account',
  '-q': 'qos',
  '--qos': 'qos',
  '-N': 'nodes',
  '--nodes': 'nodes',
  '-n': 'ntasks',
  '--ntasks': 'ntasks',
  '-c': 'cpusPerTask',
  '--cpus-per-task': 'cpusPerTask',
  '-G': 'gpus',
  '--gpus': 'gpus',
  '--gpus-per-node': 'gpusPerNode',
  '--gpus-per-task': 'gpusPerTask',
  '--gres': 'gres',
  '--mem': 'mem',
  '-t': 'time',
  '--time': 'time',
  '-a': 'array',
  '--array': 'array',
};

/** The resources a list of sbatch/srun flags asks for; of a repeated flag the last one wins. */
export function allocationFromFlags(words: readonly string[]): Allocation {
  const found: Allocation = {};
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    let flag = word;
    let value: string | undefined;
    const eq = word.indexOf('=');
    if (word.startsWith('--') && eq > 0) {
      flag = word.slice(0, eq);
      value = word.slice(eq + 1);
    } else if (/^-[A-Za-z].+/.test(word)) {
      flag = word.slice(0, 2);
      value = word.slice(2);
    }
    const key = FLAGS[flag];
    if (!key) continue;
    if (value === undefined) value = words[++i];
    if (value !== undefined) found[key] = value;
  }
  return found;
}

/**
 * The resources a batch script's `#SBATCH` lines ask for. Like sbatch, it reads them up to the
 * first line that is not a comment or blank.
 */
export function scriptDirectives(text: string): Allocation {
  const words: string[] = [];
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if ((index === 0 && line.startsWith('#!')) || line === '') continue;
    if (!line.startsWith('#')) break;
    if (!/^#SBATCH\s/.test(line)) continue;
    const flags = line.slice('#SBATCH'.length).trim().split(/\s+/);
    const comment = flags.findIndex((w) => w.startsWith('#'));
    words.push(...(comment === -1 ? flags : flags.slice(0, comment)));
  }
  return allocationFromFlags(words);
}

/**
 * What a submit request will allocate: its options, over the script's `#SBATCH` lines (options
 * given to sbatch win over the script's, as in sbatch).
 */
export function allocationOf(request: SubmitRequest, scriptText?: string): Allocation {
  const text = 'scriptText' in request ? request.scriptText : scriptText;
  const fromScript = text === undefined ? {} : scriptDirectives(text);
  const given: Allocation = {};
  const set = (key: keyof Allocation, value: string | number | undefined) => {
    if (value !== undefined) given[key] = String(value);
  };
  set('partition', request.partition);
  set('account', request.account);
  set('qos', request.qos);
  set('nodes', request.nodes);
  set('ntasks', request.ntasks);
  set('cpusPerTask', request.cpusPerTask);
  set('gpus', request.gpus);
  set('gres', request.gres);
  set('mem', request.mem);
  set('time', request.time);
  set('array', request.array);
  return { ...fromScript, ...given };
}
