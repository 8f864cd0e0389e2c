import type { JobEvent } from '../jobs/index.js';
import type { JobEventView } from './schemas.js';

/**
 * A job event as the API sends it: what happened and, for an ended job, the outcome and hint.
 * The log tail stays out (it is cluster text; the job's output route will serve it).
 */
export function jobEventView(event: JobEvent): JobEventView {
  const view: JobEventView = {
    id: event.id,
    cluster: event.cluster,
    jobId: event.jobId,
    kind: event.kind,
    run: event.run,
    at: new Date(event.createdAt).toISOString(),
  };
  if (event.kind === 'started' && event.node) view.node = event.node;
  if (event.kind === 'requeued' && event.reason) view.reason = event.reason;
  if (event.kind === 'finished') {
    view.outcome = event.report.outcome;
    if (event.report.exitCode !== undefined) view.exitCode = event.report.exitCode;
    if (event.report.hint) view.hint = event.report.hint;
  }
  return view;
}
