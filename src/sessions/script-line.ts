import { quoteArgv } from '../transport/index.js';

/** Stands for the session's tmux name (the job name too) in an argv: `"$T"` in the script. */
export const SESSION_JOB = 'SLURMDECK_SESSION_JOB';
/** Stands for the login user in an argv: `"$me"`, which the script sets from `id -un`. */
export const LOGIN_USER = 'SLURMDECK_LOGIN_USER';

const FILLED: Record<string, string> = { [SESSION_JOB]: '"$T"', [LOGIN_USER]: '"$me"' };

/**
 * One line of a login-host script from an argv built in slurm/: every word quoted as it is,
 * except the stand-ins above, which the script fills in when it runs.
 */
export function scriptLine(argv: readonly string[]): string {
  return argv.map((word) => FILLED[word] ?? quoteArgv([word])).join(' ');
}
