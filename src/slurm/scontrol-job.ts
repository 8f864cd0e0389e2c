import { parseDuration, parseTimestamp } from './duration.js';
import { parseGres } from './gres.js';
import { parseExitCode, parseJobState } from './job-state.js';
import { integer, text } from './records.js';
import { jobGpus } from './squeue-format.js';
import type { JobDetail } from './types.js';

/**
 * Splits one `scontrol -o show job` line into `Key=value` pairs. A value runs until the next
 * ` Key=`, so values with spaces (paths, names, reasons) stay whole. `-d` repeats Nodes=/GRES=
 * per node, hence a list of pairs rather than a map.
 */
export function splitKeyValues(line: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const token of line.trim().split(/\s+(?=[A-Za-z][\w:/.]*=)/)) {
    const eq = token.indexOf('=');
    if (eq <= 0) continue;
    pairs.push([token.slice(0, eq), token.slice(eq + 1)]);
  }
  return pairs;
}

/** The first job of `scontrol -o -d show job ID` output (an array id can print many lines). */
export function parseScontrolJob(stdout: string, wantedId?: string): JobDetail | undefined {
  const lines = stdout.split('\n').filter((l) => l.includes('JobId='));
  const pairsOf = lines.map(splitKeyValues);
  const chosen =
    pairsOf.find((pairs) => {
      const kv = new Map(pairs);
      return wantedId !== undefined && (idOf(kv) === wantedId || kv.get('JobId') === wantedId);
    }) ?? pairsOf[0];
  return chosen === undefined ? undefined : toDetail(chosen);
}

function toDetail(pairs: Array<[string, string]>): JobDetail {
  const kv = new Map<string, string>();
  for (const [k, v] of pairs) if (!kv.has(k)) kv.set(k, v);
  const get = (k: string) => text(kv.get(k));
  const { state } = parseJobState(kv.get('JobState'));
  const { exitCode, signal } = parseExitCode(kv.get('ExitCode'));
  const tres = get('TRES') ?? get('AllocTRES');
  return {
    id: idOf(kv),
    jobId: kv.get('JobId') ?? '',
    arrayJobId: get('ArrayJobId'),
    arrayTaskId: get('ArrayTaskId'),
    name: kv.get('JobName') ?? '',
    // `UserId=sduser(1000)`
    user: (kv.get('UserId') ?? '').replace(/\(\d+\)$/, ''),
    account: get('Account'),
    partition: kv.get('Partition') ?? '',
    qos: get('QOS'),
    state,
    stateRaw: kv.get('JobState') ?? '',
    reason: get('Reason'),
    nodeList: get('NodeList'),
    nodeCount: integer((kv.get('NumNodes') ?? '').split('-')[0]),
    cpus: integer((kv.get('NumCPUs') ?? '').split('-')[0]),
    gpus: jobGpus(
      tres,
      get('TresPerJob'),
      get('TresPerNode'),
      integer((kv.get('NumNodes') ?? '').split('-')[0]),
    ),
    tresPerNode: get('TresPerNode'),
    minMemory: get('MinMemoryNode') ?? get('MinMemoryCPU'),
    timeLimitSeconds: parseDuration(kv.get('TimeLimit')),
    elapsedSeconds: parseDuration(kv.get('RunTime')) ?? undefined,
    submitTime: parseTimestamp(kv.get('SubmitTime')),
    startTime: parseTimestamp(kv.get('StartTime')),
    endTime: parseTimestamp(kv.get('EndTime')),
    workDir: get('WorkDir'),
    exitCode,
    signal,
    command: get('Command'),
    stdout: get('StdOut'),
    stderr: get('StdErr'),
    stdin: get('StdIn'),
    batchHost: get('BatchHost'),
    dependency: get('Dependency'),
    comment: get('Comment'),
    priority: integer(kv.get('Priority')),
    tresAlloc: tres,
    tresRequested: get('ReqTRES'),
    gresDetail: gresDetail(pairs),
    raw: Object.fromEntries(kv),
  };
}

/** `-d` adds `Nodes=n1 CPU_IDs=0-1 Mem=0 GRES=gpu:a100:2(IDX:0-1)` for each node group. */
function gresDetail(pairs: Array<[string, string]>): JobDetail['gresDetail'] {
  const out: JobDetail['gresDetail'] = [];
  let nodes: string | undefined;
  for (const [k, v] of pairs) {
    if (k === 'Nodes') nodes = v;
    else if (k === 'GRES' && nodes !== undefined) {
      const gres = parseGres(v);
      if (gres.length > 0) out.push({ nodes, gres });
      nodes = undefined;
    }
  }
  return out;
}

function idOf(kv: Map<string, string>): string {
  const arrayJob = text(kv.get('ArrayJobId'));
  const arrayTask = text(kv.get('ArrayTaskId'));
  if (arrayJob !== undefined && arrayTask !== undefined) {
    return /^\d+$/.test(arrayTask) ? `${arrayJob}_${arrayTask}` : `${arrayJob}_[${arrayTask}]`;
  }
  const het = text(kv.get('HetJobId'));
  const offset = text(kv.get('HetJobOffset'));
  if (het !== undefined && offset !== undefined) return `${het}+${offset}`;
  return kv.get('JobId') ?? '';
}
