import { parseGres } from './gres.js';
import { parseJobState } from './job-state.js';
import {
  at,
  isObject,
  jsonNumber,
  jsonString,
  jsonStrings,
  jsonTime,
  type JsonObject,
} from './slurm-json.js';
import { jobGpus } from './squeue-format.js';
import type { JobDetail } from './types.js';

/** One job object of `scontrol show job --json` / `squeue --json`, any data_parser version. */
export function jobFromJson(job: JsonObject): JobDetail {
  const jobId = String(jsonNumber(job['job_id']) ?? '');
  const arrayJob = positive(job['array_job_id']);
  const arrayTask = jsonNumber(job['array_task_id']);
  const arrayTaskStr = jsonString(job['array_task_string']);
  const hetJob = positive(job['het_job_id']);
  const hetOffset = jsonNumber(job['het_job_offset']);
  const stateWords = jsonStrings(job['job_state']);
  const { state } = parseJobState(stateWords.join(','));
  const limitMinutes = jsonNumber(job['time_limit']);
  const tresAlloc = jsonString(job['tres_alloc_str']);
  const tresReq = jsonString(job['tres_req_str']);
  const exit = exitStatus(job['exit_code']);
  const start = jsonTime(job['start_time']);
  const end = jsonTime(job['end_time']);
  const nodeNames = jsonString(job['nodes']);
  return {
    id:
      arrayJob !== undefined && arrayTask !== undefined
        ? `${arrayJob}_${arrayTask}`
        : arrayJob !== undefined && arrayTaskStr !== undefined
          ? `${arrayJob}_[${arrayTaskStr}]`
          : hetJob !== undefined && hetOffset !== undefined
            ? `${hetJob}+${hetOffset}`
            : jobId,
    jobId,
    arrayJobId: arrayJob === undefined ? undefined : String(arrayJob),
    arrayTaskId:
      arrayTask !== undefined
        ? String(arrayTask)
        : arrayJob !== undefined
          ? arrayTaskStr
          : undefined,
    name: jsonString(job['name']) ?? '',
    user: jsonString(job['user_name']) ?? '',
    account: jsonString(job['account']),
    partition: jsonString(job['partition']) ?? '',
    qos: jsonString(job['qos']),
    state,
    stateRaw: stateWords.join(','),
    reason: reasonOf(jsonString(job['state_reason'])),
    nodeList: nodeNames,
    nodeCount: jsonNumber(job['node_count']),
    cpus: jsonNumber(job['cpus']),
    gpus: jobGpus(
      tresAlloc ?? tresReq,
      jsonString(job['tres_per_job']),
      jsonString(job['tres_per_node']),
      jsonNumber(job['node_count']),
    ),
    tresPerNode: jsonString(job['tres_per_node']),
    minMemory: memoryOf(job),
    timeLimitSeconds:
      limitMinutes === undefined ? undefined : limitMinutes === Infinity ? null : limitMinutes * 60,
    elapsedSeconds: elapsed(job['start_time'], job['end_time'], stateWords),
    submitTime: jsonTime(job['submit_time']),
    startTime: start,
    endTime: end,
    workDir: jsonString(job['current_working_directory']),
    exitCode: exit.exitCode,
    signal: exit.signal,
    command: jsonString(job['command']),
    stdout: jsonString(job['standard_output']),
    stderr: jsonString(job['standard_error']),
    stdin: jsonString(job['standard_input']),
    batchHost: jsonString(job['batch_host']),
    dependency: jsonString(job['dependency']),
    comment: jsonString(job['comment']),
    priority: jsonNumber(job['priority']),
    tresAlloc,
    tresRequested: tresReq,
    gresDetail: jsonStrings(job['gres_detail']).map((g) => ({
      nodes: nodeNames ?? '',
      gres: parseGres(g),
    })),
    raw: job,
  };
}

/** Ids of 0 mean "not an array/het job". */
function positive(value: unknown): number | undefined {
  const n = jsonNumber(value);
  return n !== undefined && n > 0 && Number.isFinite(n) ? n : undefined;
}

/**
 * v0.0.38 gives the raw wait status (exit code << 8 | signal); v0.0.39+ gives
 * `{ status, return_code, signal: { id, name } }`.
 */
export function exitStatus(value: unknown): { exitCode?: number; signal?: number } {
  if (isObject(value)) {
    const code = jsonNumber(value['return_code']);
    const signal = jsonNumber(at(value, 'signal', 'id'));
    return { exitCode: code, signal: signal ?? (code === undefined ? undefined : 0) };
  }
  const raw = jsonNumber(value);
  if (raw === undefined || !Number.isFinite(raw)) return {};
  return { exitCode: (raw >> 8) & 0xff, signal: raw & 0x7f };
}

function reasonOf(reason: string | undefined): string | undefined {
  return reason === undefined || reason === 'None' ? undefined : reason;
}

function memoryOf(job: JsonObject): string | undefined {
  const perNode = jsonNumber(job['memory_per_node']);
  if (perNode !== undefined && perNode > 0 && Number.isFinite(perNode)) return `${perNode}M`;
  const perCpu = jsonNumber(job['memory_per_cpu']);
  if (perCpu !== undefined && perCpu > 0 && Number.isFinite(perCpu)) return `${perCpu}M`;
  return undefined;
}

/** Running jobs have no end yet: count to now. */
function elapsed(startValue: unknown, endValue: unknown, state: string[]): number | undefined {
  const start = jsonNumber(startValue);
  if (start === undefined || start <= 0 || state.includes('PENDING')) return undefined;
  const end = jsonNumber(endValue);
  const running = state.includes('RUNNING');
  const until = running || end === undefined || end <= 0 ? Date.now() / 1000 : end;
  return Math.max(0, Math.round(until - start));
}
