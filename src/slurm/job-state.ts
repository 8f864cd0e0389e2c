import { SlurmdeckError } from '../core/errors.js';
import { FINISHED_STATES } from './finished-states.js';
import { JOB_STATES, type JobState } from './types.js';

const KNOWN = new Set<string>(JOB_STATES);

/** squeue's and sacct's compact codes (`-t PD`, `%t`). */
const COMPACT: Record<string, JobState> = {
  BF: 'BOOT_FAIL',
  CA: 'CANCELLED',
  CD: 'COMPLETED',
  CF: 'CONFIGURING',
  CG: 'COMPLETING',
  DL: 'DEADLINE',
  F: 'FAILED',
  NF: 'NODE_FAIL',
  OOM: 'OUT_OF_MEMORY',
  PD: 'PENDING',
  PR: 'PREEMPTED',
  R: 'RUNNING',
  RD: 'RESV_DEL_HOLD',
  RF: 'REQUEUE_FED',
  RH: 'REQUEUE_HOLD',
  RQ: 'REQUEUED',
  RS: 'RESIZING',
  RV: 'REVOKED',
  SI: 'SIGNALING',
  SE: 'SPECIAL_EXIT',
  SO: 'STAGE_OUT',
  ST: 'STOPPED',
  S: 'SUSPENDED',
  TO: 'TIMEOUT',
};

export interface ParsedJobState {
  state: JobState;
  /** Uid or name after `CANCELLED by`. */
  cancelledBy: string | undefined;
}

/** `RUNNING`, `CANCELLED by 1000`, `CANCELLED+`, `OOM`, `RUNNING,COMPLETING`; unknown -> UNKNOWN. */
export function parseJobState(raw: string | undefined): ParsedJobState {
  const trimmed = (raw ?? '').trim();
  const by = /^CANCELLED\+? by (\S+)/i.exec(trimmed);
  if (by) return { state: 'CANCELLED', cancelledBy: by[1] };
  // Newer JSON and some outputs carry flags after the base state: take the first known word.
  for (const word of trimmed.toUpperCase().split(/[\s,+]+/)) {
    if (KNOWN.has(word)) return { state: word as JobState, cancelledBy: undefined };
    const compact = COMPACT[word];
    if (compact) return { state: compact, cancelledBy: undefined };
  }
  return { state: 'UNKNOWN', cancelledBy: undefined };
}

export { FINISHED_STATES };

export function isFinished(state: JobState): boolean {
  return FINISHED_STATES.has(state);
}

/** `3:0` -> exit 3, signal 0; `0:9` -> exit 0, signal 9 (killed by SIGKILL). */
export function parseExitCode(raw: string | undefined): { exitCode?: number; signal?: number } {
  const m = /^(\d+):(\d+)$/.exec((raw ?? '').trim());
  if (!m) return {};
  return { exitCode: Number(m[1]), signal: Number(m[2]) };
}

/** States as a user names them (`R`, `pending`, `PD`), or INVALID_ARGUMENT with the valid ones. */
export function parseJobStates(words: readonly string[]): JobState[] {
  return words.map((word) => {
    const { state } = parseJobState(word);
    if (state === 'UNKNOWN') {
      throw new SlurmdeckError('INVALID_ARGUMENT', `unknown job state "${word}"`, {
        hint: `Use one of ${JOB_STATES.slice(0, 10).join(', ')}... or a short form like PD, R, CG.`,
      });
    }
    return state;
  });
}
