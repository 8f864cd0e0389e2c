import { SlurmdeckError } from '../core/errors.js';
import { allocationOf } from '../jobs/submit-request.js';
import type { SubmitOptions, SubmitRequest } from '../slurm/index.js';
import type { ClusterHandle } from '../sites/index.js';
import type { SubmitBody } from './schemas.js';

const OPTION_KEYS = [
  'partition',
  'account',
  'time',
  'gpus',
  'gres',
  'cpusPerTask',
  'mem',
  'nodes',
  'ntasks',
  'jobName',
  'output',
  'error',
  'chdir',
  'exclude',
  'nodelist',
  'qos',
  'constraint',
  'array',
  'dependency',
] as const;

/**
 * The sbatch request a submit body asks for: script text, a script on the cluster, or one
 * command line. A script on the server's own disk is not offered: a remote caller must not
 * make the server read its files.
 */
export function submitRequest(handle: ClusterHandle, body: SubmitBody): SubmitRequest {
  const options: SubmitOptions = {};
  for (const key of OPTION_KEYS) {
    if (body[key] !== undefined) Object.assign(options, { [key]: body[key] });
  }
  options.partition ??= handle.config.defaults.partition;
  options.account ??= handle.config.defaults.account;
  if (options.partition === undefined) delete options.partition;
  if (options.account === undefined) delete options.account;
  const given = (['scriptText', 'scriptPath', 'wrap'] as const).filter(
    (k) => body[k] !== undefined,
  );
  if (given.length !== 1) {
    throw new SlurmdeckError(
      'INVALID_ARGUMENT',
      given.length === 0 ? 'nothing to submit' : `give one of ${given.join(', ')}, not several`,
      { hint: 'Send exactly one of scriptText, scriptPath (on the cluster) or wrap.' },
    );
  }
  if (body.scriptArgs?.length && body.scriptPath === undefined) {
    throw new SlurmdeckError('INVALID_ARGUMENT', 'scriptArgs need scriptPath', {
      hint: 'Put the arguments in the script text, or submit a script on the cluster.',
    });
  }
  if (body.wrap !== undefined) return { ...options, wrap: body.wrap };
  if (body.scriptText !== undefined) return { ...options, scriptText: body.scriptText };
  return {
    ...options,
    script: body.scriptPath as string,
    ...(body.scriptArgs ? { args: body.scriptArgs } : {}),
  };
}

/** One line of what a job would hold once it runs (billed resources), #SBATCH lines counted. */
export function allocationSummary(request: SubmitRequest): string {
  const allocation = allocationOf(request);
  const parts = Object.entries(allocation).map(([key, value]) => `${key} ${value}`);
  const what =
    'wrap' in request
      ? `the command ${request.wrap}`
      : 'script' in request
        ? `the script ${request.script} on the cluster (its #SBATCH lines may ask for more)`
        : `the script text given (${Buffer.byteLength(request.scriptText)} bytes)`;
  return `Submit ${what}: ${parts.length ? parts.join(', ') : 'cluster defaults'}.`;
}
