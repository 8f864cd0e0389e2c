import { setTimeout as delay } from 'node:timers/promises';
import { SlurmdeckError } from '../../core/errors.js';
import type { AdminAccess } from '../access/admin-access.js';
import { MUNGE_CLIENT_SCRIPT } from '../status/daemon-functions.js';
import type { Target } from '../targets/resolve-targets.js';

const MUNGE_WAIT_MS = 15_000;
const REGISTER_WAIT_MS = 60_000;
const POLL_MS = 1_000;

/** A fresh credential from the controller's munged, decoded by the node's: the key in use. */
export async function mungeDecodes(
  access: AdminAccess,
  target: Target,
  signal?: AbortSignal,
): Promise<{ ok: boolean; said: string }> {
  const opts = { timeoutMs: 20_000, ...(signal ? { signal } : {}) };
  const encoded = await access
    .controller()
    .exec(['sh', '-c', MUNGE_CLIENT_SCRIPT, 'sh', 'munge', '-n'], opts);
  if (encoded.exitCode !== 0) {
    return { ok: false, said: `munge -n on the controller: ${encoded.stderr.trim()}` };
  }
  const decoded = await access
    .node(target.address)
    .exec(['sh', '-c', MUNGE_CLIENT_SCRIPT, 'sh', 'unmunge'], { ...opts, stdin: encoded.stdout });
  return { ok: decoded.exitCode === 0, said: decoded.stderr.trim().split('\n')[0] ?? '' };
}

/** Waits until the node's munged decodes the controller's credentials, or says why not. */
export async function verifyMunge(
  access: AdminAccess,
  target: Target,
  signal?: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + MUNGE_WAIT_MS;
  let last = { ok: false, said: '' };
  while (Date.now() < deadline) {
    last = await mungeDecodes(access, target, signal);
    if (last.ok) return;
    await delay(POLL_MS, undefined, signal ? { signal } : {});
  }
  throw new SlurmdeckError(
    'SLURM_REJECTED',
    `munged on ${target.name} does not decode the controller's credential: ${last.said || 'no answer'}`,
    { hint: `Run \`slurmdeck admin doctor ${target.name}\` for the cause.` },
  );
}

/** How slurmctld sees a node's slurmd: when it last registered, and its state. */
export interface Registration {
  slurmdStartTime: string | undefined;
  state: string;
  reason: string | undefined;
}

export function parseRegistration(line: string): Registration {
  const field = (name: string) => new RegExp(`(?:^|\\s)${name}=(\\S+)`).exec(line)?.[1];
  return {
    slurmdStartTime: field('SlurmdStartTime'),
    state: field('State') ?? 'UNKNOWN',
    reason: / Reason=(.*?)(?: \[[^\]]*\])?(?= [A-Z][A-Za-z]+=|$)/.exec(line)?.[1],
  };
}

/**
 * Registered and usable: responding (no `*`: older Slurm prints `IDLE*`, newer
 * `IDLE+NOT_RESPONDING`) and its resources accepted (not INVAL).
 */
export const registered = (r: Registration) => !/NOT_RESPONDING|INVAL|UNKNOWN|\*/.test(r.state);

export async function registration(
  access: AdminAccess,
  node: string,
  signal?: AbortSignal,
): Promise<Registration> {
  const result = await access.controller().exec(['scontrol', 'show', 'node', '-o', node], {
    timeoutMs: 20_000,
    ...(signal ? { signal } : {}),
  });
  if (result.exitCode !== 0) {
    throw new SlurmdeckError(
      'SLURM_REJECTED',
      `scontrol show node ${node}: ${result.stderr.trim()}`,
    );
  }
  return parseRegistration(result.stdout.trim());
}

/** Waits until slurmd on the node registered again after `before` (its last registration). */
export async function verifySlurmd(
  access: AdminAccess,
  target: Target,
  before: Registration | undefined,
  signal?: AbortSignal,
): Promise<Registration> {
  const deadline = Date.now() + REGISTER_WAIT_MS;
  let last: Registration | undefined;
  while (Date.now() < deadline) {
    last = await registration(access, target.name, signal);
    const fresh = before === undefined || last.slurmdStartTime !== before.slurmdStartTime;
    if (fresh && registered(last)) return last;
    await delay(POLL_MS, undefined, signal ? { signal } : {});
  }
  throw new SlurmdeckError(
    'SLURM_REJECTED',
    `slurmd on ${target.name} did not register with slurmctld (state ${last?.state ?? '?'}${last?.reason ? `, reason "${last.reason}"` : ''})`,
    { hint: `Run \`slurmdeck admin doctor ${target.name}\` for the cause.` },
  );
}
