import type { StoredEvent } from '../events/index.js';
import type { JobReport } from './types.js';

interface JobRun {
  jobId: string;
  /** 1 for the first run; more after a requeue. */
  run: number;
}

declare module '../events/types.js' {
  interface EventPayloads {
    'job.started': JobRun & { node: string | undefined; startTime: string | undefined };
    /** A requeued job keeps its id: the run ended, the job did not. */
    'job.requeued': JobRun & { reason: string | undefined };
    'job.finished': JobRun & { report: JobReport };
  }
}

/** Every job event kind starts with this. */
export const JOB_EVENTS = 'job.';

/** A job's event as jobs' readers (the CLI, MCP) see it. */
export type JobEvent = {
  id: number;
  cluster: string;
  jobId: string;
  run: number;
  createdAt: number;
} & (
  | { kind: 'started'; node: string | undefined; startTime: string | undefined }
  | { kind: 'requeued'; reason: string | undefined }
  | { kind: 'finished'; report: JobReport }
);

export type JobEventKind = JobEvent['kind'];

/** The job event in a stored event, or undefined for any other kind. */
export function jobEventOf(event: StoredEvent): JobEvent | undefined {
  const base = { id: event.id, cluster: event.cluster ?? '', createdAt: event.createdAt };
  switch (event.kind) {
    case 'job.started': {
      const { jobId, run, node, startTime } = event.payload;
      return { ...base, jobId, run, kind: 'started', node, startTime };
    }
    case 'job.requeued': {
      const { jobId, run, reason } = event.payload;
      return { ...base, jobId, run, kind: 'requeued', reason };
    }
    case 'job.finished': {
      const { jobId, run, report } = event.payload;
      return { ...base, jobId, run, kind: 'finished', report };
    }
    default:
      return undefined;
  }
}
