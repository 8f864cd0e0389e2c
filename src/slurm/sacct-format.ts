import { parseDuration, parseSize, parseTimestamp } from './duration.js';
import { gpusFromTres } from './gres.js';
import { parseExitCode, parseJobState } from './job-state.js';
import { FIELD_SEP, integer, splitRecords, text } from './records.js';
import type { AccountingRecord, AccountingStep } from './types.js';

/** Fields asked of sacct -P; the free-text JobName goes last. */
export const SACCT_FIELDS = [
  'JobID',
  'JobIDRaw',
  'State',
  'ExitCode',
  'DerivedExitCode',
  'Elapsed',
  'MaxRSS',
  'NodeList',
  'NNodes',
  'AllocCPUS',
  'AllocTRES',
  'ReqMem',
  'Timelimit',
  'Submit',
  'Start',
  'End',
  'Partition',
  'Account',
  'User',
  'Reason',
  'WorkDir',
  'TotalCPU',
  'JobName',
] as const;

export function sacctBaseArgv(): string[] {
  return [
    'sacct',
    '-P',
    '-n',
    '--noconvert',
    `--delimiter=${FIELD_SEP}`,
    `--format=${SACCT_FIELDS.join(',')}`,
  ];
}

/** Job lines become records; step lines (`123.batch`, `123.0`) fold into their job. */
export function parseSacct(stdout: string): AccountingRecord[] {
  const jobs = new Map<string, AccountingRecord>();
  const orphanSteps: Array<[string, AccountingStep]> = [];
  for (const f of splitRecords(stdout, SACCT_FIELDS.length)) {
    const id = (f[0] ?? '').trim();
    const dot = id.indexOf('.');
    if (dot === -1) {
      jobs.set(id, toRecord(id, f));
    } else {
      orphanSteps.push([id.slice(0, dot), toStep(id, f)]);
    }
  }
  for (const [jobId, step] of orphanSteps) {
    const job = jobs.get(jobId);
    if (!job) continue; // the job line fell outside the time window; a step alone says too little
    job.steps.push(step);
    if (step.maxRssBytes !== undefined) {
      job.maxRssBytes = Math.max(job.maxRssBytes ?? 0, step.maxRssBytes);
    }
  }
  return [...jobs.values()];
}

function toRecord(id: string, f: string[]): AccountingRecord {
  const [, raw, stateRaw = '', exit, derived, elapsed, maxRss, nodeList, nnodes, cpus] = f;
  const [allocTres, reqMem, timelimit, submit, start, end, partition, account, user] = f.slice(10);
  const [reason, workDir, totalCpu, name] = f.slice(19);
  const { state, cancelledBy } = parseJobState(stateRaw);
  const { exitCode, signal } = parseExitCode(exit);
  return {
    id,
    jobIdRaw: (raw ?? id).trim(),
    name: name ?? '',
    user: (user ?? '').trim(),
    account: text(account),
    partition: text(partition),
    state,
    stateRaw: stateRaw.trim(),
    cancelledBy,
    exitCode,
    signal,
    derivedExitCode: parseExitCode(derived).exitCode,
    elapsedSeconds: parseDuration(elapsed) ?? undefined,
    maxRssBytes: parseSize(maxRss),
    nodeList: nodeListOf(nodeList),
    nodeCount: integer(nnodes),
    allocCpus: integer(cpus),
    allocGpus: gpusFromTres(text(allocTres)),
    allocTres: text(allocTres),
    reqMemory: text(reqMem),
    timeLimitSeconds: parseDuration(timelimit),
    submitTime: parseTimestamp(submit),
    startTime: parseTimestamp(start),
    endTime: parseTimestamp(end),
    reason: text(reason),
    workDir: text(workDir),
    totalCpuSeconds: parseDuration(totalCpu) ?? undefined,
    steps: [],
  };
}

function toStep(id: string, f: string[]): AccountingStep {
  const [, , stateRaw = '', exit, , elapsed, maxRss, nodeList] = f;
  const { exitCode, signal } = parseExitCode(exit);
  return {
    id,
    name: f[SACCT_FIELDS.length - 1] ?? '',
    state: parseJobState(stateRaw).state,
    stateRaw: stateRaw.trim(),
    exitCode,
    signal,
    elapsedSeconds: parseDuration(elapsed) ?? undefined,
    maxRssBytes: parseSize(maxRss),
    nodeList: nodeListOf(nodeList),
  };
}

/** sacct prints `None assigned` for jobs that never got nodes. */
function nodeListOf(value: string | undefined): string | undefined {
  const t = text(value);
  return t === undefined || /^None assigned$/i.test(t) ? undefined : t;
}
