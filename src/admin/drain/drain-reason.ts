import { SlurmdeckError } from '../../core/errors.js';
import { MAX_REASON_LENGTH } from '../../slurm/update-nodes.js';

/** Reasons slurmdeck sets start with this: only such drains does it lift on its own. */
export const SLURMDECK_REASON_PREFIX = 'slurmdeck:';

/** Down reasons slurmctld sets itself (not an admin's decision): safe to resume. */
const SLURM_DOWN_REASONS = [/^Not responding/i, /^Node unexpectedly rebooted/i];

export function isSlurmdeckReason(reason: string | undefined): boolean {
  return reason?.startsWith(SLURMDECK_REASON_PREFIX) === true;
}

export function isSlurmDownReason(reason: string | undefined): boolean {
  return reason !== undefined && SLURM_DOWN_REASONS.some((re) => re.test(reason));
}

/** The reason as Slurm will store it: `slurmdeck: disk check`, one line, bounded. */
export function slurmdeckReason(text: string | undefined): string {
  const trimmed = (text ?? '').trim();
  const body = trimmed.startsWith(SLURMDECK_REASON_PREFIX)
    ? trimmed.slice(SLURMDECK_REASON_PREFIX.length).trim()
    : trimmed;
  // eslint-disable-next-line no-control-regex
  if (body === '' || /[\x00-\x1f\x7f]/.test(body)) {
    throw new SlurmdeckError('INVALID_ARGUMENT', 'a drain needs a reason on one line', {
      hint: 'Say why, e.g. --reason "disk errors, replacing"; it shows in sinfo -R.',
    });
  }
  const reason = `${SLURMDECK_REASON_PREFIX} ${body}`;
  if (reason.length > MAX_REASON_LENGTH) {
    throw new SlurmdeckError(
      'INVALID_ARGUMENT',
      `the reason is ${reason.length} characters; at most ${MAX_REASON_LENGTH} are kept`,
      { hint: 'Shorten the reason.' },
    );
  }
  return reason;
}
