import { formatDuration } from '../core/format.js';
import { wrappedCommand, type AccountingRecord, type JobDetail } from '../slurm/index.js';

/** A job's options in the shape of a submit request: what a "resubmit with changes" starts from. */
export interface ResubmitOptions {
  scriptText?: string;
  scriptPath?: string;
  wrap?: string;
  partition?: string;
  account?: string;
  qos?: string;
  time?: string;
  gpus?: string;
  gres?: string;
  cpusPerTask?: number;
  ntasks?: number;
  nodes?: string;
  mem?: string;
  jobName?: string;
  chdir?: string;
  constraint?: string;
  exclude?: string;
  nodelist?: string;
}

/** What could not be carried over, for the page to say so. */
export type ResubmitNote = 'no-script';

export interface Resubmit {
  options: ResubmitOptions;
  notes: ResubmitNote[];
}

const EMPTY = new Set(['', '(null)', 'N/A', 'None', 'none', '0']);

/** A raw scontrol value (22.05 text keys, or the JSON output's names), when it says something. */
function raw(job: JobDetail, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = job.raw[key];
    if (typeof value === 'number') return String(value);
    if (typeof value === 'string' && !EMPTY.has(value.trim())) return value.trim();
  }
  return undefined;
}

const count = (value: string | undefined) => {
  const n = Number(value?.split('-')[0]);
  return Number.isInteger(n) && n > 1 ? n : undefined;
};

/** `gres:gpu:a100:2` (22.05) or `gres/gpu:2` -> what `--gpus` takes: `a100:2`, `2`. */
const gpusOf = (tres: string | undefined) => tres?.replace(/^gres[:/]gpu[:=]?/, '') || undefined;
/** `gres:gpu:a100:2,gres:shard:1` -> what `--gres` takes: `gpu:a100:2,shard:1`. */
const gresOf = (tres: string | undefined) => tres?.replace(/(^|,)gres[:/]/g, '$1') || undefined;

const defined = (options: ResubmitOptions): ResubmitOptions =>
  Object.fromEntries(
    Object.entries(options).filter(([, v]) => v !== undefined && v !== ''),
  ) as ResubmitOptions;

/** What to run: the stored script (a `--wrap` one as its command line), else the script's path. */
function whatToRun(script: string | undefined, command: string | undefined): ResubmitOptions {
  if (script !== undefined) {
    const wrap = wrappedCommand(script);
    return wrap === undefined ? { scriptText: script } : { wrap };
  }
  return command?.startsWith('/') ? { scriptPath: command.split(' ')[0] as string } : {};
}

/**
 * The options a job was submitted with, as the controller still knows them (`scontrol show job`
 * and its stored batch script). Output paths are left out on purpose: they name the old job's
 * files, which a new job would overwrite.
 */
export function resubmitFromController(job: JobDetail, script: string | undefined): Resubmit {
  const run = whatToRun(script, job.command);
  const options = defined({
    ...run,
    jobName: job.name,
    partition: job.partition,
    account: job.account,
    qos: job.qos,
    time: typeof job.timeLimitSeconds === 'number' ? formatDuration(job.timeLimitSeconds) : '',
    nodes: count(raw(job, 'NumNodes'))?.toString(),
    ntasks: count(raw(job, 'NumTasks')),
    cpusPerTask: count(raw(job, 'CPUs/Task', 'cpus_per_task')),
    // Per node only: a per-CPU figure is usually the cluster's default (DefMemPerCPU).
    mem: raw(job, 'MinMemoryNode'),
    gpus: gpusOf(raw(job, 'TresPerJob', 'tres_per_job')),
    gres: gresOf(raw(job, 'TresPerNode', 'tres_per_node')),
    chdir: job.workDir,
    constraint: raw(job, 'Features'),
    exclude: raw(job, 'ExcNodeList'),
    nodelist: raw(job, 'ReqNodeList'),
  });
  const notes: ResubmitNote[] = [];
  if (!run.scriptText && !run.wrap && !run.scriptPath) notes.push('no-script');
  return { options, notes };
}

/** From accounting, once the controller has forgotten the job: its resources, not its script. */
export function resubmitFromAccounting(record: AccountingRecord): Resubmit {
  const options = defined({
    jobName: record.name,
    partition: record.partition,
    account: record.account,
    time:
      typeof record.timeLimitSeconds === 'number' ? formatDuration(record.timeLimitSeconds) : '',
    nodes: count(record.nodeCount?.toString())?.toString(),
    chdir: record.workDir,
  });
  return { options, notes: ['no-script'] };
}
