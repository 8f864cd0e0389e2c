import type { JobEvent, JobReport } from '../jobs/index.js';
import type { JobEventView } from './schemas.js';

/**
 * A stored job event as the API sends it: what happened and, for an ended job, the outcome
 * and hint. The log tail stays out (it is cluster text; the job's output route will serve it).
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
  const payload = event.payload;
  if (event.kind === 'started' && typeof payload['node'] === 'string') view.node = payload['node'];
  if (event.kind === 'requeued' && typeof payload['reason'] === 'string') {
    view.reason = payload['reason'];
  }
  if (event.kind === 'finished') {
    const report = payload as unknown as JobReport;
    view.outcome = report.outcome;
    if (report.exitCode !== undefined) view.exitCode = report.exitCode;
    if (report.hint) view.hint = report.hint;
  }
  return view;
}
