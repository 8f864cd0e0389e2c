import { isFinished } from '../slurm/index.js';
import type { ClusterHandle } from '../sites/index.js';
import { userNameOf } from './job-files.js';
import { buildReport } from './report.js';
import type { JobReport } from './types.js';

/**
 * The end report of one finished job (outcome, CPU and memory efficiency, the hint), from one
 * sacct: for a page that shows a job slurmdeck did not watch. Undefined while accounting does not
 * yet call the job finished. The log's tail is left to the page, which shows the log itself.
 */
export async function endReportOf(
  handle: ClusterHandle,
  jobId: string,
): Promise<JobReport | undefined> {
  const records = await handle.slurm.accounting({ jobIds: [jobId], users: ['*'] });
  const record = records.find((r) => r.id === jobId || r.jobIdRaw === jobId);
  if (!record || !isFinished(record.state)) return undefined;
  const cancelledBy = record.cancelledBy
    ? await userNameOf(handle.transport, record.cancelledBy)
    : undefined;
  return buildReport({
    cluster: handle.name,
    accounting: { ...record, cancelledBy },
    record: undefined,
    logPath: undefined,
    logTail: [],
  });
}
