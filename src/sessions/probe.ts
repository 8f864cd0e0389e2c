import { parseOwnJobs, type JobState } from '../slurm/index.js';
import { splitQueue } from './remote.js';

/** What one PROBE call saw on the login node. */
export interface Probe {
  /** The session's folder is gone (never created, or removed by hand). */
  missing: boolean;
  alive: boolean;
  attached: boolean;
  /** Unix seconds on the login host. */
  now: number;
  logSize: number;
  events: ProbeEvent[];
  markers: ProbeMarker[];
  /** The job as squeue sees it, when asked and queued or running. */
  job: QueuedJob | undefined;
}

export interface ProbeEvent {
  at: number;
  kind: string;
  text: string;
}

export interface ProbeMarker {
  kind: 'UP' | 'HEALTH' | 'READY';
  attempt: number;
  fields: string[];
}

export interface QueuedJob {
  jobId: string;
  state: JobState;
  reason: string | undefined;
  nodes: string | undefined;
  expectedStart: string | undefined;
}

/** Reads PROBE's answer; the job is the last one squeue showed under the session's name. */
export function parseProbe(stdout: string): Probe {
  const { lines, queue } = splitQueue(stdout);
  const job = parseOwnJobs(queue).at(-1);
  const probe: Probe = {
    missing: false,
    alive: false,
    attached: false,
    now: Math.floor(Date.now() / 1000),
    logSize: 0,
    events: [],
    markers: [],
    job: job && {
      jobId: job.jobId,
      state: job.state,
      reason: job.reason,
      nodes: job.nodeList,
      expectedStart: job.startTime,
    },
  };
  for (const line of lines) {
    const [head, ...rest] = line.split(' ');
    if (head === 'NODIR') probe.missing = true;
    else if (head === 'TMUX') {
      probe.alive = rest[0] === '1';
      probe.attached = Number(rest[1] ?? 0) > 0;
    } else if (head === 'NOW') probe.now = Number(rest[0]);
    else if (head === 'SIZE') probe.logSize = Number(rest[0]);
    else if (head === 'EV') {
      const [at, kind, ...text] = rest;
      if (at && kind) probe.events.push({ at: Number(at), kind, text: text.join(' ') });
    } else if (head === 'MK') {
      const [kind, attempt, ...fields] = rest;
      if ((kind === 'UP' || kind === 'HEALTH' || kind === 'READY') && attempt) {
        probe.markers.push({ kind, attempt: Number(attempt), fields });
      }
    }
  }
  return probe;
}
