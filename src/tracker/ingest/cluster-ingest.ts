import type { Logger } from '../../core/logger.js';
import type { Transport } from '../../transport/index.js';
import { finishPlans, planReads, requestsOf } from '../read-plan.js';
import type { SpoolCursorStore } from '../spool-cursor-store.js';
import { spoolRoot } from '../spool-paths.js';
import type { FileIdentity } from '../spool-remote-read.js';
import { SpoolTailer, type SpoolPoll } from '../spool-tailer.js';
import {
  EventFileTailer,
  type EventFileCursor,
  type EventFilePoll,
} from '../tensorboard/event-file-tailer.js';
import type { JobRef } from '../run-of-job.js';
import type { Tracker } from '../tracker.js';
import { createEventFileApplier } from './apply-event-files.js';
import { applySpoolPoll } from './apply-spool.js';
import { ReadAhead } from './read-ahead.js';
import { jobIngestRecordPath, parseJobIngestRecord, type JobIngestRecord } from './job-record.js';

/** A job whose files are ingested: running, or ended a short while ago (its last lines). */
export interface IngestJob {
  jobId: string;
  name?: string | undefined;
  workDir: string;
  /** When it began to be watched (ms): event files untouched for an hour before are older trainings'. */
  addedAt: number;
}

export interface ClusterIngestOptions {
  cluster: string;
  transport: Transport;
  tracker: Tracker;
  cursors: SpoolCursorStore;
  log: Logger;
  timeoutMs?: number;
  /** How often the event-file folders are searched for new files (default 10 s); followed files are read every poll. */
  searchEveryMs?: number;
  /**
   * Bytes of spool files, and as many of event files, one poll reads when files have a backlog
   * (default 32 MiB each): a backlog comes in few round trips, a poll's answer stays bounded.
   */
  maxBytesPerPoll?: number;
  now?: () => number;
}

export interface IngestPoll {
  batches: number;
  points: number;
  /** More was there than one poll reads, or new files were found: poll again at once. */
  more: boolean;
}

/** A runner's record: of the job, or of one task of an array (`123_4`, its own run). */
interface RecordFile {
  path: string;
  identity?: FileIdentity;
  record: JobIngestRecord;
}

interface JobFiles {
  job: IngestJob;
  /** By the job id the record names: the job's own, and its array tasks' as they appear. */
  records: Map<string, RecordFile>;
}

const STALE_BEFORE_WATCH_S = 3600;

/**
 * The tracker's offline input for one cluster: the spool folders and TensorBoard event files
 * of the given jobs, and the runner's records naming them, all read in ONE command per poll;
 * applied to the tracker, then the cursors saved (a crash in between reads again, counted once).
 */
export class ClusterIngest {
  readonly #options: ClusterIngestOptions;
  readonly #spool: SpoolTailer;
  readonly #events: EventFileTailer;
  readonly #applyEvents: ReturnType<typeof createEventFileApplier>;
  readonly #jobs = new Map<string, JobFiles>();
  readonly #ahead: ReadAhead;
  /** The jobs whose folder each spool root is (jobs started in one folder share it). */
  #spoolOwners = new Map<string, JobRef[]>();
  #eventDirs = new Map<string, IngestJob>();
  #searchedAt = -Infinity;

  constructor(options: ClusterIngestOptions) {
    this.#options = options;
    const { transport, cursors, cluster } = options;
    const timeoutMs = options.timeoutMs ?? 60_000;
    const maxBytesPerPoll = options.maxBytesPerPoll ?? 32 * 1024 * 1024;
    this.#spool = new SpoolTailer({ transport, timeoutMs, maxBytesPerPoll });
    this.#events = new EventFileTailer({ transport, timeoutMs, maxBytesPerPoll });
    this.#spool.restore(cursors.load(cluster, 'spool'));
    this.#events.restore(cursors.load<EventFileCursor>(cluster, 'tfevents'));
    this.#applyEvents = createEventFileApplier(options.tracker, cluster, options.log);
    this.#ahead = new ReadAhead(transport, timeoutMs);
  }

  async poll(jobs: readonly IngestJob[], signal?: AbortSignal): Promise<IngestPoll> {
    this.#follow(jobs);
    const records = this.#recordPlan();
    const search = this.#searchDue();
    if (search) this.#searchedAt = (this.#options.now ?? Date.now)();
    const plans = [records, this.#spool.plan(), this.#events.plan({ search })] as const;
    const answers = await this.#ahead.read(requestsOf(plans), signal);
    const [, spoolPoll, eventPoll] = finishPlans(plans, answers);
    if (spoolPoll.more || eventPoll.more) this.#readAhead(spoolPoll, eventPoll, signal);
    const { tracker, log, cursors, cluster } = this.#options;
    const spool = await applySpoolPoll(
      tracker,
      spoolPoll,
      log,
      (root) => this.#spoolOwners.get(root) ?? [],
    );
    for (const dir of spool.retry) this.#spool.retryInit(dir);
    for (const dir of spool.retryFinish) this.#spool.retryFinish(dir);
    const events = await this.#applyEvents(eventPoll.files, (update) =>
      update.root === undefined ? undefined : this.#eventJob(update.root),
    );
    // Saved after the store applied them, all in one transaction per kind.
    if (spool.done.length > 0) cursors.save(cluster, 'spool', spool.done);
    if (events.done.length > 0) cursors.save(cluster, 'tfevents', events.done);
    for (const cursor of spool.done) this.#spool.commit(cursor);
    for (const cursor of events.done) this.#events.commit(cursor);
    return {
      batches: spool.batches,
      points: spool.points + events.points,
      more: spoolPoll.more || eventPoll.more,
    };
  }

  /**
   * Starts the next poll's read while this one is stored: planned as if every file read here
   * were applied (the usual case); the next poll uses it only if it asks exactly that.
   */
  #readAhead(spoolPoll: SpoolPoll, eventPoll: EventFilePoll, signal?: AbortSignal): void {
    const before = { spool: this.#spool.cursors(), events: this.#events.cursors() };
    for (const file of spoolPoll.files) this.#spool.commit(file.next);
    for (const file of eventPoll.files) this.#events.commit(file.next);
    const search = this.#searchDue();
    const plans = [this.#recordPlan(), this.#spool.plan(), this.#events.plan({ search })];
    for (const cursor of before.spool) this.#spool.commit(cursor);
    for (const cursor of before.events) this.#events.commit(cursor);
    this.#ahead.start(requestsOf(plans), signal);
  }

  #searchDue(): boolean {
    const now = (this.#options.now ?? Date.now)();
    return now - this.#searchedAt >= (this.#options.searchEveryMs ?? 10_000);
  }

  #eventJob(root: string) {
    const job = this.#eventDirs.get(root);
    return job && { cluster: this.#options.cluster, jobId: job.jobId, name: job.name };
  }

  /** Keeps the tailers on the folders of exactly these jobs. */
  #follow(jobs: readonly IngestJob[]): void {
    const wanted = new Map(jobs.map((job) => [job.jobId, job]));
    for (const id of this.#jobs.keys()) if (!wanted.has(id)) this.#jobs.delete(id);
    for (const job of jobs) {
      const known = this.#jobs.get(job.jobId);
      if (known && known.job.workDir === job.workDir) {
        known.job = job;
        continue;
      }
      const path = jobIngestRecordPath(job.workDir, job.jobId);
      this.#jobs.set(job.jobId, {
        job,
        records: new Map(path ? [[job.jobId, { path, record: {} }]] : []),
      });
    }
    const owners = new Map<string, JobRef[]>();
    const own = (root: string, jobId: string) => {
      const list = owners.get(root) ?? [];
      owners.set(root, [...list, { cluster: this.#options.cluster, jobId }]);
    };
    const dirs = new Map<string, IngestJob>();
    const claim = (dir: string, job: IngestJob) => {
      // A folder several jobs share goes to the one watched last.
      const other = dirs.get(dir);
      if (!other || other.addedAt <= job.addedAt) dirs.set(dir, job);
    };
    for (const { job, records } of this.#jobs.values()) {
      own(spoolRoot(job.workDir), job.jobId);
      claim(job.workDir, job);
      for (const [jobId, { record }] of records) {
        if (record.spoolDir) own(spoolRoot(job.workDir, record.spoolDir), jobId);
        // An array task's TensorBoard folders are that task's run.
        for (const dir of record.tensorboard ?? []) claim(dir, { ...job, jobId });
      }
    }
    for (const root of this.#spoolOwners.keys()) {
      if (!owners.has(root)) this.#spool.unwatchRoot(root);
    }
    for (const root of owners.keys()) this.#spool.watchRoot(root);
    for (const dir of this.#eventDirs.keys()) if (!dirs.has(dir)) this.#events.unwatchDir(dir);
    for (const [dir, job] of dirs) {
      this.#events.watchDir(dir, Math.floor(job.addedAt / 1000) - STALE_BEFORE_WATCH_S);
    }
    this.#spoolOwners = owners;
    this.#eventDirs = dirs;
  }

  /**
   * The runner's records of the jobs, read when new or rewritten; they name more folders. An
   * array's tasks each leave their own (`<jobId>_<task>.json`): looked for at every poll.
   */
  #recordPlan() {
    const { ask, plan } = planReads<null>(() => null);
    for (const files of this.#jobs.values()) {
      for (const file of files.records.values()) {
        const request = {
          op: 'whole' as const,
          path: file.path,
          max: 64 * 1024,
          ...(file.identity ? { known: file.identity } : {}),
        };
        ask(request, (answer) => {
          if (answer.op !== 'whole' || answer.file.status !== 'ok') return;
          file.identity = answer.file.identity;
          const text = answer.file.bytes.toString('utf8');
          file.record = parseJobIngestRecord(text, files.job.workDir) ?? {};
        });
      }
      const own = jobIngestRecordPath(files.job.workDir, files.job.jobId);
      if (!own || files.job.jobId.includes('_')) continue;
      ask({ op: 'tasks', prefix: own.slice(0, -'.json'.length) }, (answer) => {
        if (answer.op !== 'tasks') return;
        for (const task of answer.tasks) {
          const jobId = `${files.job.jobId}_${task}`;
          const path = jobIngestRecordPath(files.job.workDir, jobId);
          if (path && !files.records.has(jobId)) files.records.set(jobId, { path, record: {} });
        }
      });
    }
    return plan();
  }
}
