import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { jobFields, jobNotePath, rankOf, requeuedRun } from './client-env.js';
import {
  appendBatchLine,
  lastSpooledSeq,
  spoolFolder,
  writeFinishRecord,
  writeJobNote,
  writeRunRecord,
  writeSeqMark,
} from './client-spool.js';
import { jsonValue } from './series-json.js';
import type { RunFileKind, RunStatus, WireFile } from './types.js';

export interface InitOptions {
  project: string;
  name?: string;
  config?: Record<string, unknown>;
  tags?: string[];
  notes?: string;
  /** Continue this run (a uid); a requeued job continues its first start's run without it. */
  resume?: string;
  /** Steps after this one from earlier attempts are superseded. */
  resumeStep?: number;
  /** Default: SLURMDECK_URL, SLURMDECK_TOKEN, SLURMDECK_SPOOL_DIR (else .slurmdeck/ here). */
  url?: string;
  token?: string;
  spoolDir?: string;
  env?: NodeJS.ProcessEnv;
  /** A batch goes out at this many points, or every `intervalMs` (defaults 1000, 1000 ms). */
  batchPoints?: number;
  intervalMs?: number;
  /** Points buffered at most; past it they are dropped and counted (default 1M). */
  maxBuffered?: number;
  /** Log from every rank, not only rank 0. */
  allRanks?: boolean;
  fetch?: typeof fetch;
}

export interface TrackerRun {
  readonly uid: string;
  /** Points that never left this process (a full buffer). */
  readonly dropped: number;
  /** One value per key at `step` (default: one after the last); never blocks, never throws. */
  log(values: Record<string, number>, step?: number): void;
  /** Declares a file on shared storage (size and mtime read now) as a checkpoint, artifact or log. */
  logFile(path: string, kind?: RunFileKind): void;
  /** Sends (or spools) everything logged so far. */
  flush(): Promise<void>;
  /** Flushes and marks the run ended (in the spool when the server is away). */
  finish(status?: RunStatus, exitCode?: number): Promise<void>;
}

// After the server failed to answer, batches go to the spool for this long before it is tried again.
const OFFLINE_MS = 30_000;

class Unreachable extends Error {}

/**
 * A run from TypeScript, the Python client's twin (same wire format, same spool): batches on a
 * timer, to the server when it answers, else to the spool on shared storage; never throws from
 * log(). The server finds the job from the Slurm environment.
 */
export async function initRun(options: InitOptions): Promise<TrackerRun> {
  const env = options.env ?? process.env;
  const job = jobFields(env);
  const root =
    options.spoolDir ?? (env['SLURMDECK_SPOOL_DIR'] || join(process.cwd(), '.slurmdeck'));
  const note = jobNotePath(root, job);
  const resume = options.resume ?? requeuedRun(note, job);
  const uid = resume ?? randomBytes(16).toString('hex');
  if (!options.allRanks && rankOf(env) !== 0) return disabled(uid);
  if (note) writeJobNote(note, uid);
  const url = (options.url ?? env['SLURMDECK_URL'])?.replace(/\/+$/, '') || undefined;
  const token = options.token ?? env['SLURMDECK_TOKEN'];
  const doFetch = options.fetch ?? fetch;
  const folder = spoolFolder(root, uid);
  let offlineUntil = url ? 0 : Infinity;

  async function call(method: string, path: string, body?: unknown) {
    let res: Response;
    try {
      res = await doFetch(`${url}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new Unreachable(String(error));
    }
    if (res.status >= 500 || res.status === 429) throw new Unreachable(`HTTP ${res.status}`);
    const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    return { status: res.status, json };
  }

  let seq = 0;
  if (resume) {
    seq = lastSpooledSeq(folder);
    if (url) {
      const known = await call('GET', `/api/tracker/runs/${encodeURIComponent(uid)}`).catch(
        () => undefined,
      );
      if (known?.status === 200) seq = Math.max(seq, Number(known.json['nextSeq'] ?? 1) - 1);
      // Refused, and this spool never saw the run (a job continuing another's, from another
      // folder): go on after any seq an earlier writer can have used, the time in ms.
      else if (known && seq === 0) seq = Date.now();
    }
  }
  const record = {
    run: uid,
    project: options.project,
    ...(options.name ? { name: options.name } : {}),
    config: options.config ?? {},
    tags: options.tags ?? [],
    ...(options.notes ? { notes: options.notes } : {}),
    command: process.argv,
    ...job,
    ...(options.resumeStep === undefined ? {} : { resume_step: options.resumeStep }),
    seq_start: seq + 1,
    started_at: Date.now() / 1000,
  };
  let registered = false;
  let spooledRecord = false;

  const toSpool = (batch: unknown) => {
    if (!spooledRecord) writeRunRecord(folder, record);
    spooledRecord = true;
    appendBatchLine(folder, batch);
  };
  async function online<T>(work: () => Promise<T>): Promise<T | undefined> {
    if (Date.now() < offlineUntil) return undefined;
    try {
      if (!registered) {
        const created = await call('POST', '/api/tracker/runs', record);
        if (created.status >= 400) throw new Unreachable(`refused: HTTP ${created.status}`);
        registered = true;
      }
      return await work();
    } catch (error) {
      if (!(error instanceof Unreachable)) throw error;
      offlineUntil = Date.now() + OFFLINE_MS;
      return undefined;
    }
  }
  await online(async () => true);
  if (!registered) {
    writeRunRecord(folder, record);
    spooledRecord = true;
  }

  const batchPoints = options.batchPoints ?? 1000;
  const maxBuffered = options.maxBuffered ?? 1_000_000;
  const buffer: Array<{ k: string; s: number; v: number | string; t: number }> = [];
  let dropped = 0;
  let lastStep = -1;
  let chain: Promise<void> = Promise.resolve();
  let ended = false;

  let files: WireFile[] = [];
  const send = (points: typeof buffer) => {
    const batch = { run: uid, seq: ++seq, points, ...(files.length ? { files } : {}) };
    files = [];
    chain = chain.then(async () => {
      const sent = await online(async () => {
        // Marked before it is sent: killed right after the server took it, a requeued job that
        // cannot ask the server (its token expired) still goes on past this seq.
        try {
          writeSeqMark(folder, batch.seq);
        } catch {
          // An unwritable spool does not stop the batch going out online.
        }
        const res = await call('POST', '/api/tracker/batches', batch);
        // A batch the server refuses stays in the spool, as the Python client keeps it.
        if (res.status >= 400) throw new Unreachable(`refused: HTTP ${res.status}`);
        return true;
      }).catch(() => undefined);
      if (!sent) toSpool(batch);
    });
  };
  const cut = () => {
    while (buffer.length > 0) send(buffer.splice(0, batchPoints));
    if (files.length > 0) send([]);
  };
  const timer = setInterval(cut, options.intervalMs ?? 1000);
  timer.unref();

  return {
    uid,
    get dropped() {
      return dropped;
    },
    log(values, step) {
      if (ended) return;
      const s = step ?? lastStep + 1;
      lastStep = Math.max(lastStep, s);
      const t = Date.now() / 1000;
      for (const [k, v] of Object.entries(values)) {
        if (typeof v !== 'number') continue;
        if (buffer.length >= maxBuffered) dropped++;
        else buffer.push({ k, s, v: jsonValue(v), t });
      }
      if (buffer.length >= batchPoints) cut();
    },
    logFile(path, kind = 'artifact') {
      if (ended) return;
      const absolute = resolve(path);
      const file: WireFile = { path: absolute, kind, t: Date.now() / 1000 };
      try {
        const info = statSync(absolute);
        Object.assign(file, { size: info.size, mtime: info.mtimeMs / 1000 });
      } catch {
        // Declared before it is written, or on storage this host cannot see.
      }
      files.push(file);
    },
    async flush() {
      cut();
      await chain;
    },
    async finish(status = 'finished', exitCode) {
      if (ended) return;
      ended = true;
      clearInterval(timer);
      cut();
      await chain;
      const body = { status, ...(exitCode === undefined ? {} : { exitCode }) };
      const done = await online(async () => {
        const res = await call('POST', `/api/tracker/runs/${encodeURIComponent(uid)}/finish`, body);
        return res.status < 400;
      }).catch(() => undefined);
      if (!done) {
        writeFinishRecord(folder, {
          status,
          ...(exitCode === undefined ? {} : { exit_code: exitCode }),
          t: Date.now() / 1000,
        });
      }
    },
  };
}

function disabled(uid: string): TrackerRun {
  return {
    uid,
    dropped: 0,
    log: () => undefined,
    logFile: () => undefined,
    flush: async () => undefined,
    finish: async () => undefined,
  };
}
