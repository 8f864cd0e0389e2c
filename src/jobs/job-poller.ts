import type { Logger } from '../core/logger.js';
import { isFinished, type AccountingRecord, type Job, type SlurmClient } from '../slurm/index.js';
import type { Transport } from '../transport/index.js';
import { defaultStdoutPath, readCompletionRecord, readLogTail, userNameOf } from './job-files.js';
import { parseUtcOffset, recordBelongsToRun } from './record-match.js';
import { buildReport } from './report.js';
import type { JobReport } from './types.js';
import type { WatchedJob, WatchStore } from './watch-store.js';

export interface JobPollerOptions {
  cluster: string;
  slurm: SlurmClient;
  transport: Transport;
  store: WatchStore;
  /** Called inside the transaction that records a job's end (the notification outbox). */
  onFinished?: (report: JobReport, channels: string[]) => void;
  /** Also watch every job of the cluster user, adding new ones as they appear (asked each poll). */
  mine?: () => boolean;
  log: Logger;
  logLines?: number;
  /** Job details (for the output file) fetched per poll, so a burst of new jobs costs little each time. */
  detailsPerPoll?: number;
  now?: () => number;
}

export interface PollResult {
  active: number;
  finished: JobReport[];
}

const RUNNING_STATES = new Set(['RUNNING', 'COMPLETING', 'SUSPENDED', 'STOPPED', 'SIGNALING']);
const WAITING_STATES = new Set([
  'PENDING',
  'REQUEUED',
  'REQUEUE_HOLD',
  'REQUEUE_FED',
  'CONFIGURING',
]);
// A job Slurm has never heard of, after this long, is reported rather than watched forever.
const UNKNOWN_AFTER_MS = 10 * 60_000;

/**
 * One poll of one cluster for every watched job: one squeue for all of them, then one sacct
 * for those that left the queue. Throws when Slurm cannot be asked; never guesses an end.
 */
export function createJobPoller(options: JobPollerOptions) {
  const { cluster, slurm, store, log } = options;
  const now = options.now ?? Date.now;

  // Task ids of each watched array seen in the queue, so its end waits for every task's record.
  const arrayTasks = new Map<string, Set<string>>();
  // Jobs of the user that had already ended when mine mode began: old news, not reported.
  let endedBeforeMine: Set<string> | undefined;

  async function poll(): Promise<PollResult> {
    let watched = store.active(cluster);
    const mine = options.mine?.() ?? false;
    // All states: a job that starts and ends between two polls is still in the queue (MinJobAge).
    const queue = mine
      ? await slurm.listJobs({ mine: true, allStates: true })
      : watched.length > 0
        ? await slurm.listJobs({ jobIds: watched.map((w) => w.jobId) })
        : [];
    if (mine) {
      const ids = (jobs: readonly Job[]) => new Set(jobs.map((job) => job.arrayJobId ?? job.jobId));
      endedBeforeMine ??= ids(queue.filter((job) => isFinished(job.state)));
      for (const job of queue) {
        const id = job.arrayJobId ?? job.jobId;
        store.forgetReusedId(cluster, id, job.submitTime);
      }
      // An array is watched as one job, under its array id.
      store.add(
        cluster,
        [...ids(queue)].filter((id) => !endedBeforeMine?.has(id)),
      );
      watched = store.active(cluster);
    } else {
      endedBeforeMine = undefined;
    }
    const gone: WatchedJob[] = [];
    let details = options.detailsPerPoll ?? 20;
    for (const job of watched) {
      const entries = queue.filter(
        (q) => q.id === job.jobId || q.jobId === job.jobId || q.arrayJobId === job.jobId,
      );
      // Finished tasks still in the queue count too: all of them must reach accounting.
      for (const q of entries) {
        if (q.arrayJobId !== job.jobId || q.arrayTaskId === undefined) continue;
        const tasks = arrayTasks.get(job.jobId) ?? new Set<string>();
        for (const task of expandTaskIds(q.arrayTaskId)) tasks.add(task);
        arrayTasks.set(job.jobId, tasks);
      }
      if (entries.length === 0 || entries.every((q) => isFinished(q.state))) {
        // A job that ended between two polls is still in the queue's list: keep what it says.
        const last = entries[0];
        if (last) {
          store.update(cluster, job.jobId, {
            name: last.name,
            user: last.user,
            workDir: last.workDir,
            submitTime: last.submitTime,
          });
        }
        gone.push(store.get(cluster, job.jobId) ?? job);
        continue;
      }
      const entry = entries.find((q) => RUNNING_STATES.has(q.state)) ?? (entries[0] as Job);
      track(job, entry);
      if (!job.detailFetched && details > 0) {
        details--;
        await fetchDetail(job);
      }
    }
    const finished = gone.length > 0 ? await settle(gone) : [];
    return { active: store.active(cluster).length, finished };
  }

  /** Started, requeued: state changes worth an event, from what squeue shows now. */
  function track(job: WatchedJob, entry: Job): void {
    const wasRunning = job.lastState !== undefined && RUNNING_STATES.has(job.lastState);
    const isRunning = RUNNING_STATES.has(entry.state);
    let runs = job.runs;
    if (isRunning && !wasRunning) {
      runs++;
      store.event(cluster, job.jobId, 'started', runs, {
        node: entry.nodeList,
        startTime: entry.startTime,
      });
      log.info(`job ${job.jobId} started on ${entry.nodeList ?? '?'}`);
    } else if (wasRunning && WAITING_STATES.has(entry.state)) {
      // A requeued job keeps its id: the run ended, the job did not.
      store.event(cluster, job.jobId, 'requeued', runs, { reason: entry.reason });
      log.info(`job ${job.jobId} was requeued (${entry.reason ?? 'no reason given'})`);
    }
    store.update(cluster, job.jobId, {
      name: entry.name,
      user: entry.user,
      workDir: entry.workDir,
      lastState: entry.state,
      runs,
      startedAt: entry.startTime,
      submitTime: entry.submitTime,
      timeLimitSeconds: entry.timeLimitSeconds ?? undefined,
    });
  }

  async function fetchDetail(job: WatchedJob): Promise<void> {
    try {
      const detail = await slurm.getJob(job.jobId);
      store.update(cluster, job.jobId, { stdoutPath: detail.stdout, detailFetched: true });
    } catch (error) {
      log.debug(`no detail for job ${job.jobId} yet: ${String(error)}`);
    }
  }

  /** Jobs that left the queue: accounting says how they ended (one sacct for all of them). */
  async function settle(gone: WatchedJob[]): Promise<JobReport[]> {
    const records = await slurm.accounting({ jobIds: gone.map((j) => j.jobId), users: ['*'] });
    const reports: JobReport[] = [];
    const failures: unknown[] = [];
    for (const job of gone) {
      const record = pickRecord(job.jobId, records, arrayTasks.get(job.jobId));
      if (!record) {
        if (job.lastState === undefined && now() - job.addedAt > UNKNOWN_AFTER_MS) {
          reports.push(...finishUnknown(job));
        }
        continue; // accounting lags the queue by a moment; ask again next poll
      }
      if (!isFinished(record.state)) continue; // still running as far as accounting knows
      try {
        // An array or het job is reported under the id it is watched by, whichever part ended worst.
        const report = { ...(await reportFor(job, record)), jobId: job.jobId };
        if (
          store.finish(report, Math.max(1, job.runs), () =>
            options.onFinished?.(report, job.channels),
          )
        ) {
          log.info(`job ${job.jobId} ended: ${report.outcome}`);
          reports.push(report);
        }
      } catch (error) {
        // One job's trouble (its files unreadable for now) must not hold up the others.
        failures.push(error);
      }
    }
    if (reports.length === 0 && failures.length > 0) throw failures[0];
    for (const error of failures)
      log.warn(`a finished job waits for the next poll: ${String(error)}`);
    return reports;
  }

  let offset: Promise<number> | undefined;
  /** The cluster's UTC offset, asked once: Slurm prints local times without a zone. */
  function clusterOffset(): Promise<number> {
    offset ??= options.transport
      .exec(['date', '+%z'], { timeoutMs: 10_000 })
      .then((r) => parseUtcOffset(r.stdout) ?? -new Date().getTimezoneOffset())
      .catch(() => {
        offset = undefined;
        return -new Date().getTimezoneOffset();
      });
    return offset;
  }

  async function reportFor(job: WatchedJob, accounting: AccountingRecord): Promise<JobReport> {
    const workDir = accounting.workDir ?? job.workDir;
    // The part that ended (an array task has its own raw id, and its own record and log).
    const partId = accounting.id === job.jobId ? job.jobId : accounting.jobIdRaw;
    // Transport errors propagate: a report made without the record could state the wrong outcome.
    const found = workDir
      ? await readCompletionRecord(options.transport, workDir, partId, job.runs - 1)
      : undefined;
    const record =
      found && recordBelongsToRun(found, accounting, await clusterOffset()) ? found : undefined;
    if (found && !record)
      log.debug(`job ${job.jobId}: ignoring a completion record of an older job with its id`);
    const logPath =
      record?.logPath ??
      (partId === job.jobId ? job.stdoutPath : undefined) ??
      // Slurm's default name: slurm-<id>.out, slurm-<array>_<task>.out for an array task.
      (workDir ? defaultStdoutPath(workDir, accounting.id.replace(/\+.*$/, '')) : undefined);
    const logTail = logPath
      ? await readLogTail(options.transport, logPath, options.logLines ?? 20)
      : [];
    const cancelledBy = accounting.cancelledBy
      ? await userNameOf(options.transport, accounting.cancelledBy)
      : undefined;
    return buildReport({
      cluster,
      // Right after a job ends, accounting may still call it "allocation": the queue knew its name.
      accounting: { ...accounting, name: job.name || accounting.name, cancelledBy },
      record,
      logPath,
      logTail,
    });
  }

  function finishUnknown(job: WatchedJob): JobReport[] {
    const report: JobReport = {
      cluster,
      jobId: job.jobId,
      name: job.name ?? '',
      user: job.user,
      outcome: 'UNKNOWN',
      exitCode: undefined,
      signal: undefined,
      cancelledBy: undefined,
      elapsedSeconds: undefined,
      timeLimitSeconds: undefined,
      nodes: undefined,
      cpuEfficiency: undefined,
      memoryEfficiency: undefined,
      maxRssBytes: undefined,
      requestedMemoryBytes: undefined,
      startedAt: undefined,
      endedAt: undefined,
      logPath: undefined,
      logTail: [],
      hint: `Neither the queue nor accounting has heard of job ${job.jobId} on ${cluster}: check the id.`,
    };
    return store.finish(report, 0) ? [report] : [];
  }

  return { poll };
}

/** The job's own record; for an array, the task that ended worst (a failure beats a success). */
function pickRecord(
  jobId: string,
  records: AccountingRecord[],
  expectedTasks: ReadonlySet<string> | undefined,
): AccountingRecord | undefined {
  const own = records.find((r) => r.id === jobId || r.jobIdRaw === jobId);
  const tasks = records.filter((r) => r.id.startsWith(`${jobId}_`));
  // Right after an array ends, accounting briefly holds one record for the whole array (id
  // without a task) saying COMPLETED: a known array waits for its task records instead.
  if (expectedTasks?.size && tasks.length === 0) return undefined;
  if (own && !own.id.includes('_')) return own;
  if (tasks.length === 0) return own;
  // Accounting records tasks as they end: one not there yet may be the one that failed.
  const recorded = new Set(tasks.map((t) => t.id.slice(jobId.length + 1)));
  if ([...(expectedTasks ?? [])].some((task) => !recorded.has(task))) return undefined;
  if (tasks.some((t) => !isFinished(t.state))) return tasks.find((t) => !isFinished(t.state));
  return tasks.find((t) => t.state !== 'COMPLETED') ?? tasks[0];
}

export type JobPoller = ReturnType<typeof createJobPoller>;

/** `3`, `[3-6]`, `[1,4-5%2]` (squeue's pending remainder) -> the task ids it stands for. */
export function expandTaskIds(spec: string): string[] {
  const body = spec.replace(/^\[|\]$/g, '').replace(/%\d+$/, '');
  const ids: string[] = [];
  for (const part of body.split(',')) {
    const [from, to] = part.split('-').map(Number);
    if (from === undefined || !Number.isInteger(from)) continue;
    const last = to !== undefined && Number.isInteger(to) ? to : from;
    for (let id = from; id <= last && ids.length < 100_000; id++) ids.push(String(id));
  }
  return ids;
}
