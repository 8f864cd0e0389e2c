import { constants } from 'node:os';
import type { CompletionRecord } from '../jobs/types.js';

/** How the child ended: an exit code, or the signal that killed it. */
export interface ChildEnd {
  exitCode: number | null;
  signal: string | null;
}

/** Signals that mean "stop now"; USR1/USR2 are notices (time-limit warnings) a job may survive. */
const STOPPING = new Set(['SIGTERM', 'SIGINT', 'SIGHUP']);

// Re-raising these in Node ends the process; SIGUSR1 starts the inspector, SIGSEGV meets V8's handler.
const RERAISABLE = new Set(['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGUSR2', 'SIGKILL', 'SIGALRM']);

export function signalNumber(name: string): number | undefined {
  return (constants.signals as Record<string, number | undefined>)[name];
}

/** The code a shell would report: the exit code, or 128 + the signal number. */
export function shellExitCode(end: ChildEnd): number {
  if (end.exitCode !== null) return end.exitCode;
  return 128 + (end.signal === null ? 0 : (signalNumber(end.signal) ?? 0));
}

/**
 * `signalled` when a signal killed the child, or when it failed after we passed on a stop signal
 * (a child that traps SIGTERM and exits 143 was still stopped by scancel); a clean exit is success.
 */
export function outcomeOf(
  end: ChildEnd,
  forwarded: readonly string[],
): CompletionRecord['outcome'] {
  if (end.signal !== null) return 'signalled';
  if (end.exitCode === 0) return 'success';
  return forwarded.some((s) => STOPPING.has(s)) ? 'signalled' : 'failed';
}

/** Whether the wrapper can end itself by this signal, so its parent sees what the child's would. */
export function canReraise(signal: string | null): signal is NodeJS.Signals {
  return signal !== null && RERAISABLE.has(signal);
}
