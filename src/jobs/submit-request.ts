import { existsSync, readFileSync } from 'node:fs';
import { SlurmdeckError } from '../core/errors.js';
import {
  checkSbatchOptions,
  allocationOfOptions,
  scriptDirectives,
  type Allocation,
  type SlurmClient,
  type SubmitOptions,
  type SubmitRequest,
} from '../slurm/index.js';
import { sbatchInvocation } from '../slurm/sbatch-args.js';
import { checkTimeLimit } from '../slurm/time-limit.js';
import type { Transport } from '../transport/index.js';

/** Where a job's commands come from: exactly one of these. */
const SOURCES = ['scriptText', 'scriptPath', 'localScriptPath', 'wrap'] as const;
type Source = (typeof SOURCES)[number] | 'scriptArgs';

/**
 * What any face asks to submit: the sbatch options by their table key (`cpusPerTask`, as
 * numbers or as text from a command line; other keys are ignored) and one source.
 */
export type SubmitInput = Readonly<Record<string, unknown>> & {
  wrap?: string;
  /** A batch script's text (#!/bin/bash, #SBATCH lines...). */
  scriptText?: string;
  /** A batch script on the cluster. */
  scriptPath?: string;
  /** A batch script on the machine running slurmdeck. */
  localScriptPath?: string;
  scriptArgs?: readonly string[];
};

/** The cluster a request is for: how its scripts travel, and its configured defaults. */
export interface SubmitTarget {
  transport: Pick<Transport, 'kind'>;
  defaults: { partition?: string; account?: string };
}

/** How a face names the sources and what it suggests, so errors read in the face's words. */
export interface SubmitWording {
  labels?: Partial<Record<Source, string>>;
  /** The hint when nothing to run was given. */
  nothing?: string;
  /** The hint when a local script does not exist. */
  missing?: string;
}

/**
 * The one validation of a submit, for every face: options checked (with hints), the cluster's
 * defaults filled in, exactly one source, and the whole sbatch command line built once, so a
 * request that comes back from here is one sbatch will get. Nothing runs on the cluster.
 */
export function submitRequest(
  input: SubmitInput,
  target: SubmitTarget,
  wording: SubmitWording = {},
): SubmitRequest {
  const given = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  const options: SubmitOptions = checkSbatchOptions({ ...target.defaults, ...given });
  const sources = SOURCES.filter((key) => input[key] !== undefined);
  const label = (key: Source) => wording.labels?.[key] ?? key;
  // A face that names its sources offers only those (the CLI: a script or --wrap).
  const offered = SOURCES.filter((key) => !wording.labels || key in wording.labels);
  if (sources.length !== 1) {
    throw new SlurmdeckError(
      'INVALID_ARGUMENT',
      sources.length === 0
        ? 'nothing to submit'
        : `give one of ${sources.map(label).join(', ')}, not several`,
      {
        hint:
          sources.length === 0 && wording.nothing
            ? wording.nothing
            : `Pass exactly one of ${offered.map(label).join(', ')}.`,
      },
    );
  }
  const scriptArgs = input.scriptArgs ?? [];
  if (
    scriptArgs.length > 0 &&
    input.scriptPath === undefined &&
    input.localScriptPath === undefined
  ) {
    throw new SlurmdeckError(
      'INVALID_ARGUMENT',
      `${label('scriptArgs')} need ${label('scriptPath')} or ${label('localScriptPath')}`,
      { hint: 'Put the arguments in the script text, or submit a script file.' },
    );
  }
  const request = requestFor(input, options, scriptArgs, target, wording);
  sbatchInvocation(request, 'submit'); // the same checks sbatch's command line gets, now
  return request;
}

function requestFor(
  input: SubmitInput,
  options: SubmitOptions,
  scriptArgs: readonly string[],
  target: SubmitTarget,
  wording: SubmitWording,
): SubmitRequest {
  if (input.wrap !== undefined) return { ...options, wrap: input.wrap };
  if (input.scriptText !== undefined) return { ...options, scriptText: input.scriptText };
  if (input.scriptPath !== undefined) {
    return {
      ...options,
      script: input.scriptPath,
      ...(scriptArgs.length ? { args: [...scriptArgs] } : {}),
    };
  }
  return localScriptRequest(
    target.transport,
    options,
    input.localScriptPath as string,
    scriptArgs,
    wording.missing ? { missing: wording.missing } : {},
  );
}

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

/** The script text of a request on this machine, when it has one: its #SBATCH lines count. */
export function localScriptText(request: SubmitRequest): string | undefined {
  if ('scriptText' in request) return request.scriptText;
  if ('script' in request && existsSync(request.script))
    return readFileSync(request.script, 'utf8');
  return undefined;
}

/**
 * What the cluster would refuse, or queue for good, checked before anything is asked or
 * submitted: a time limit over the partition's MaxTime. One sinfo, only when a time is asked.
 */
export async function checkAgainstCluster(
  slurm: Pick<SlurmClient, 'listPartitions'>,
  request: SubmitRequest,
  scriptText?: string,
): Promise<void> {
  await checkAllocation(slurm, allocationOf(request, scriptText));
}

/** The same for any allocation (a submit's, a session's srun flags). */
export async function checkAllocation(
  slurm: Pick<SlurmClient, 'listPartitions'>,
  { time, partition }: Allocation,
): Promise<void> {
  if (time === undefined) return;
  checkTimeLimit(time, partition?.split(','), await slurm.listPartitions());
}

/**
 * What a submit request will allocate: its options, over the script's `#SBATCH` lines (options
 * given to sbatch win over the script's, as in sbatch).
 */
export function allocationOf(request: SubmitRequest, scriptText?: string): Allocation {
  const text = 'scriptText' in request ? request.scriptText : scriptText;
  const fromScript = text === undefined ? {} : scriptDirectives(text);
  return { ...fromScript, ...allocationOfOptions(request) };
}
