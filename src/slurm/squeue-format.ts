import { parseDuration, parseTimestamp } from './duration.js';
import { countGpus, gpusFromTres, parseGres } from './gres.js';
import { parseJobState } from './job-state.js';
import { FIELD_SEP, integer, splitRecords, text } from './records.js';
import type { Job } from './types.js';

/** Fields asked of squeue -O; the free-text Name goes last. */
export const SQUEUE_FIELDS = [
  'JobID',
  'ArrayJobID',
  'ArrayTaskID',
  'HetJobID',
  'HetJobOffset',
  'State',
  'Reason',
  'Partition',
  'UserName',
  'Account',
  'QOS',
  'NumNodes',
  'NumCPUs',
  'tres-per-node',
  'tres-per-job',
  'tres-alloc',
  'MinMemory',
  'TimeLimit',
  'TimeUsed',
  'SubmitTime',
  'StartTime',
  'EndTime',
  'NodeList',
  'WorkDir',
  'Name',
] as const;

/** `Field:0<SEP>`: size 0 prints the whole value, unpadded and uncut. */
export function squeueFormat(): string {
  const last = SQUEUE_FIELDS.length - 1;
  return SQUEUE_FIELDS.map((f, i) => `${f}:0${i < last ? FIELD_SEP : ''}`).join(',');
}

export function parseSqueue(stdout: string): Job[] {
  return splitRecords(stdout, SQUEUE_FIELDS.length).map((f) => {
    const [jobIdRaw = '', arrayJobRaw, arrayTaskRaw, hetJobRaw, hetOffsetRaw, stateRaw = ''] = f;
    const [reason, partition, user, account, qos, nodes, cpus, perNode, perJob, alloc] = f.slice(6);
    const [minMemory, timeLimit, timeUsed, submit, start, end, nodeList, workDir, name] =
      f.slice(16);
    const jobId = jobIdRaw.trim();
    const arrayTaskId = text(arrayTaskRaw);
    const arrayJobId = arrayTaskId === undefined ? undefined : text(arrayJobRaw);
    const { state } = parseJobState(stateRaw);
    return {
      id: displayId(jobId, arrayJobId, arrayTaskId, integer(hetJobRaw), integer(hetOffsetRaw)),
      jobId,
      arrayJobId,
      arrayTaskId,
      name: name ?? '',
      user: (user ?? '').trim(),
      account: text(account),
      partition: (partition ?? '').trim(),
      qos: text(qos),
      state,
      stateRaw: stateRaw.trim(),
      reason: text(reason),
      nodeList: text(nodeList),
      nodeCount: integer(nodes),
      cpus: integer(cpus),
      gpus: jobGpus(text(alloc), text(perJob), text(perNode), integer(nodes)),
      tresPerNode: text(perNode),
      minMemory: text(minMemory),
      timeLimitSeconds: parseDuration(timeLimit),
      elapsedSeconds: parseDuration(timeUsed) ?? undefined,
      submitTime: parseTimestamp(submit),
      startTime: parseTimestamp(start),
      endTime: parseTimestamp(end),
      workDir: text(workDir),
    };
  });
}

/** The id users type: `123`, `123_4`, `123_[5-9]` (pending tasks), `123+1` (het component). */
function displayId(
  jobId: string,
  arrayJobId: string | undefined,
  arrayTaskId: string | undefined,
  hetJobId: number | undefined,
  hetOffset: number | undefined,
): string {
  if (arrayJobId !== undefined && arrayTaskId !== undefined) {
    return /^\d+$/.test(arrayTaskId)
      ? `${arrayJobId}_${arrayTaskId}`
      : `${arrayJobId}_[${arrayTaskId.replace(/^\[|\]$/g, '')}]`;
  }
  if (hetJobId !== undefined && hetJobId > 0 && hetOffset !== undefined) {
    return `${hetJobId}+${hetOffset}`;
  }
  return jobId;
}

/**
 * GPUs a job holds or asks for. TRES counts them only where the site tracks gres/gpu
 * (AccountingStorageTRES); otherwise add up --gpus (per job) and --gres (per node).
 */
export function jobGpus(
  tresAlloc: string | undefined,
  tresPerJob: string | undefined,
  tresPerNode: string | undefined,
  nodeCount: number | undefined,
): number {
  const tracked = gpusFromTres(tresAlloc);
  if (tracked > 0) return tracked;
  return countGpus(parseGres(tresPerJob)) + countGpus(parseGres(tresPerNode)) * (nodeCount ?? 1);
}
