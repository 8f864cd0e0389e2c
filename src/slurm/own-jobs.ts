import { cleanStrings } from './clean-strings.js';
import { squeueArgv } from './list-jobs.js';
import { parseSqueue } from './squeue-format.js';
import type { Job, JobState } from './types.js';
import { assertName } from './validate.js';

/**
 * squeue of the caller's own jobs (`--me`), all of them or those of one name, in the list
 * view's format: for scripts that ask the queue beside other work in one exec on the login
 * host (the sessions' tmux checks), and read the answer with `parseOwnJobs`.
 */
export function ownJobsArgv(options: { name?: string; states?: JobState[] } = {}): string[] {
  const argv = squeueArgv({ mine: true, ...(options.states ? { states: options.states } : {}) });
  if (options.name !== undefined) argv.push('-n', assertName('job name', options.name));
  return argv;
}

export function parseOwnJobs(stdout: string): Job[] {
  return cleanStrings(parseSqueue(stdout)); // read by sessions, shown by every face
}
