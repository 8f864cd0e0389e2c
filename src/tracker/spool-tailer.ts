import type { Transport } from '../transport/index.js';
import { startCursor, type SpoolCursor } from './spool-cursor.js';
import { runSpoolFiles } from './spool-paths.js';
import { SpoolFileTrack, type SpoolFileUpdate, type TrackLimits } from './spool-file-track.js';
import { planReads, readPlans, type ReadPlan } from './read-plan.js';
import { shareReads } from './spool-read-share.js';
import type { FileIdentity } from './spool-remote-read.js';

export interface SpoolTailerOptions {
  transport: Transport;
  /** Bytes read from one file in one poll (default 4 MiB)... */
  maxBytesPerFile?: number;
  /** ...unless it has a backlog: then up to this many bytes of all files in one poll (default: no more). */
  maxBytesPerPoll?: number;
  /** A line longer than this is dropped, not held (default 64 MiB). */
  maxLineBytes?: number;
  /** The largest run.json read (default 1 MiB). */
  maxInitBytes?: number;
  timeoutMs?: number;
}

/** A run folder `<root>/tracker/<uid>/` and its init record (run.json), when it is new or changed. */
export interface SpoolRun {
  root: string;
  uid: string;
  dir: string;
  /** run.json's text; absent until the file exists. */
  init?: string;
}

/** A run's finish.json (the client finished while the server was away), new or rewritten. */
export interface SpoolFinish {
  uid: string;
  dir: string;
  text: string;
}

export interface SpoolPoll {
  /** Run folders seen for the first time, and runs whose run.json was (re)written. */
  runs: SpoolRun[];
  finishes: SpoolFinish[];
  /** Files with lines to apply or something to report; unchanged files are left out. */
  /** `uid` and `root`: the run folder the file is in, when it was found under a watched root. */
  files: (SpoolFileUpdate & { uid?: string; root?: string })[];
  /** Some file had more bytes than one poll reads: poll again without waiting. */
  more: boolean;
}

interface RunEntry {
  root: string;
  uid: string;
  dir: string;
  init?: FileIdentity;
  initPath: string;
  batches: string;
  finish?: FileIdentity;
  finishPath: string;
}

/**
 * Tails the spool files of many runs on the login node in ONE command per poll: new bytes of
 * every followed file, run.json of runs new or rewritten, and new run folders under the
 * watched roots. Offsets move only when the caller commits the cursor of what it applied.
 */
export class SpoolTailer {
  readonly #transport: Transport;
  readonly #limits: TrackLimits;
  readonly #maxInitBytes: number;
  readonly #maxBytesPerPoll: number;
  readonly #timeoutMs: number;
  readonly #tracks = new Map<string, SpoolFileTrack>();
  readonly #restored = new Map<string, SpoolCursor>();
  readonly #roots = new Set<string>();
  readonly #runs = new Map<string, RunEntry>();
  #polling = false;

  constructor(options: SpoolTailerOptions) {
    this.#transport = options.transport;
    this.#limits = {
      maxBytesPerFile: options.maxBytesPerFile ?? 4 * 1024 * 1024,
      maxLineBytes: options.maxLineBytes ?? 64 * 1024 * 1024,
    };
    this.#maxInitBytes = options.maxInitBytes ?? 1024 * 1024;
    this.#maxBytesPerPoll = options.maxBytesPerPoll ?? 0;
    this.#timeoutMs = options.timeoutMs ?? 60_000;
  }

  /** Cursors stored before (after a restart): a file followed or found later starts from its own. */
  restore(cursors: readonly SpoolCursor[]): void {
    for (const cursor of cursors) {
      this.#restored.set(cursor.path, cursor);
      this.#tracks.get(cursor.path)?.commit(cursor);
    }
  }

  /** Looks for run folders under `root/tracker/` at every poll (root: a spool dir, e.g. `<workdir>/.slurmdeck`). */
  watchRoot(root: string): void {
    this.#roots.add(root);
  }

  unwatchRoot(root: string): void {
    this.#roots.delete(root);
    for (const [key, run] of this.#runs) {
      if (run.root !== root) continue;
      this.#runs.delete(key);
      this.#tracks.delete(run.batches);
    }
  }

  /** Follows one NDJSON file directly (a spool file known without discovery). */
  follow(path: string): void {
    if (!this.#tracks.has(path)) {
      this.#tracks.set(path, new SpoolFileTrack(this.#restored.get(path) ?? startCursor(path)));
    }
  }

  unfollow(path: string): void {
    this.#tracks.delete(path);
  }

  /** Every followed file's committed cursor. */
  cursors(): SpoolCursor[] {
    return [...this.#tracks.values()].map((track) => track.cursor);
  }

  /** Records that `next` (from a poll's update) is applied: the next poll reads on from there. */
  commit(next: SpoolCursor): void {
    this.#tracks.get(next.path)?.commit(next);
  }

  /** One round trip: reads what is new everywhere. Polls do not overlap. */
  async poll(signal?: AbortSignal): Promise<SpoolPoll> {
    if (this.#polling) throw new Error('SpoolTailer.poll() is already running');
    this.#polling = true;
    try {
      return await this.#pollOnce(signal);
    } finally {
      this.#polling = false;
    }
  }

  /** This poll's reads, for a caller that runs them in one command with other readers' (readPlans). */
  plan(): ReadPlan<SpoolPoll> {
    const { ask, plan } = planReads<SpoolPoll>(() => ({
      runs: [],
      finishes: [],
      files: [],
      more: false,
    }));
    const owner = new Map([...this.#runs.values()].map((run) => [run.batches, run]));
    const tracks = [...this.#tracks];
    const reads = shareReads(
      tracks.map(([, track]) => track.backlog),
      this.#limits.maxBytesPerFile,
      this.#maxBytesPerPoll,
    );
    for (const [index, [path, track]] of tracks.entries()) {
      ask(track.request(this.#limits, reads[index]), (answer, out) => {
        if (answer.op !== 'tail') return;
        const update = track.apply(answer.file, this.#limits);
        if (update.lines.length || update.event || update.next !== track.cursor) {
          const run = owner.get(path);
          out.files.push(run === undefined ? update : { ...update, uid: run.uid, root: run.root });
        }
        out.more ||= update.more;
      });
    }
    for (const run of this.#runs.values()) {
      const path = run.initPath;
      ask(
        { op: 'whole', path, ...(run.init ? { known: run.init } : {}), max: this.#maxInitBytes },
        (answer, out) => {
          if (answer.op !== 'whole' || answer.file.status !== 'ok') return;
          run.init = answer.file.identity;
          out.runs.push({
            root: run.root,
            uid: run.uid,
            dir: run.dir,
            init: answer.file.bytes.toString('utf8'),
          });
        },
      );
    }
    for (const run of this.#runs.values()) {
      const path = run.finishPath;
      ask(
        { op: 'whole', path, ...(run.finish ? { known: run.finish } : {}), max: 4096 },
        (answer, out) => {
          if (answer.op !== 'whole' || answer.file.status !== 'ok') return;
          run.finish = answer.file.identity;
          out.finishes.push({
            uid: run.uid,
            dir: run.dir,
            text: answer.file.bytes.toString('utf8'),
          });
        },
      );
    }
    for (const root of this.#roots) {
      ask({ op: 'runs', root }, (answer, out) => {
        if (answer.op !== 'runs') return;
        for (const uid of answer.names) this.#found(root, uid, out);
      });
    }
    return plan();
  }

  /** A run.json the caller could not apply (the store was busy): read it again next poll. */
  retryInit(dir: string): void {
    const run = this.#runs.get(dir);
    if (run) delete run.init;
  }

  /** A finish.json the caller could not apply yet (its run not there): read it again next poll. */
  retryFinish(dir: string): void {
    const run = this.#runs.get(dir);
    if (run) delete run.finish;
  }

  async #pollOnce(signal: AbortSignal | undefined): Promise<SpoolPoll> {
    const [out] = await readPlans(this.#transport, [this.plan()], this.#timeoutMs, signal);
    return out;
  }

  /** A run folder: new ones are reported, and their files are read from the next poll on. */
  #found(root: string, uid: string, out: SpoolPoll): void {
    const { dir, batches, init, finish } = runSpoolFiles(root, uid);
    if (this.#runs.has(dir)) return;
    this.#runs.set(dir, { root, uid, dir, batches, initPath: init, finishPath: finish });
    this.follow(batches);
    out.runs.push({ root, uid, dir });
    // Its files are read from the next poll on: without waiting for the poll interval.
    out.more = true;
  }
}
