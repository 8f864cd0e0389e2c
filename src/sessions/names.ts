import { randomBytes } from 'node:crypto';
import { SlurmdeckError } from '../core/errors.js';

/** Our sessions run on their own tmux server, apart from the user's own tmux sessions. */
export const TMUX_SOCKET = 'slurmdeck';
/** tmux session (and Slurm job) names of ours start with this. */
export const TMUX_PREFIX = 'slurmdeck-';
// Sessions started by older versions were named `sdk-...`: still ours (orphans, stop).
const OUR_TMUX = /^(?:slurmdeck|sdk)-[A-Za-z0-9][A-Za-z0-9_-]{0,39}-[0-9a-f]{6}$/;

// tmux turns '.' and ':' into '_' and reads them in targets: keep names to these characters.
const SESSION_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

export function assertSessionName(name: string): string {
  if (!SESSION_NAME.test(name)) {
    throw new SlurmdeckError('INVALID_ARGUMENT', `not a session name: ${JSON.stringify(name)}`, {
      hint: 'Use up to 40 letters, digits, "_" or "-", starting with a letter or digit.',
    });
  }
  return name;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** A fresh tmux name per start, so a crashed session of the same name never collides. */
export function newTmuxName(name: string): string {
  return `${TMUX_PREFIX}${name}-${hex(3)}`;
}

/** Marks this session's frames in the log; unknown to commands run in the shell. */
/** The marker of a new session's frames (see markers.ts). */
export const newMarker = () => `SLURMDECK${hex(4)}`;
/** Names one command sent by exec. */
export const newCommandId = () => hex(4);

export function isOurTmuxName(value: string): boolean {
  return OUR_TMUX.test(value);
}

/** The session name inside a tmux name of ours. */
export function nameOfTmux(tmux: string): string {
  return tmux.slice(tmux.indexOf('-') + 1, -7);
}
