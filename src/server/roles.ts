/** `read` sees; `operate` also submits and cancels its own jobs; `admin` is for node actions. */
export const ROLES = ['read', 'operate', 'admin'] as const;

/**
 * The role of a job's token (tracker/job-tokens.ts), outside the ladder above: it writes the
 * job's tracker runs and may do nothing else, not even read.
 */
export const JOB_ROLE = 'tracker';

/** What an API token or a browser session holds. */
export type ApiRole = (typeof ROLES)[number];
export type Role = ApiRole | typeof JOB_ROLE;

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Whether a holder of `held` may do what needs `needed` (`tracker` writes: job tokens and operate). */
export function allows(held: Role, needed: Role): boolean {
  if (held === JOB_ROLE || needed === JOB_ROLE) {
    return needed === JOB_ROLE && (held === JOB_ROLE || allows(held, 'operate'));
  }
  return ROLES.indexOf(held) >= ROLES.indexOf(needed);
}

/** The job a job token was made for: its cluster, and its id once sbatch answered. */
export interface TokenJob {
  cluster: string;
  jobId: string | undefined;
}

/** Who made a request: a named API token, or the browser that redeemed the login link. */
export interface Principal {
  name: string;
  role: Role;
  via: 'token' | 'session';
  /** Set for a job token only: the one job whose runs it may write. */
  job?: TokenJob;
}
