import { posix } from 'node:path';
import type { Transport } from '../../transport/index.js';
import { planReads, readPlans, type ReadPlan } from '../read-plan.js';
import { shareReads } from '../spool-read-share.js';
import type { FileAnswer, FileIdentity } from '../spool-remote-read.js';
import type { ScalarPoint, TagKinds } from './event-scalars.js';
import { readEventChunk } from './read-events.js';

/** How far an event file has been imported; the caller stores it with the points it applied. */
export interface EventFileCursor {
  path: string;
  offset: number;
  identity?: FileIdentity;
  /** Tags known to hold scalars (true) or other data (false): metadata comes on a tag's first value only. */
  tags: [string, boolean][];
}

export interface EventFileUpdate {
  path: string;
  /** The folder searched that holds it, and its folder relative to that (tensorboardX's add_scalars writes one per series). */
  root?: string;
  dir?: string;
  points: ScalarPoint[];
  /** For each point, the file offset just past its record: how far a store that applied it got. */
  ends: number[];
  /** Store once the points are applied, then commit. */
  next: EventFileCursor;
  event?: 'missing' | 'unreadable' | 'replaced' | 'truncated' | 'corrupt';
  more: boolean;
}

export interface EventFilePoll {
  files: EventFileUpdate[];
  /** Event files seen for the first time (read from the next poll on). */
  found: string[];
  more: boolean;
}

export interface EventFileTailerOptions {
  transport: Transport;
  /** Bytes read per file per poll (default 8 MiB); a record larger than that is read whole... */
  maxBytesPerFile?: number;
  /** ...and a file with a backlog reads more, up to this many bytes of all files in one poll (default: no more). */
  maxBytesPerPoll?: number;
  /** How deep and how many event files a watched folder is searched for (default 6, 1000). */
  depth?: number;
  limit?: number;
  timeoutMs?: number;
}

interface Track {
  cursor: EventFileCursor;
  kinds: TagKinds;
  /** Bytes the record at the cursor needs, when a poll stopped on a partial one bigger than a read. */
  need: number;
  /** Bytes the last answer showed past what it read. */
  backlog: number;
  root?: string;
  dir?: string;
}

/**
 * Imports TensorBoard event files incrementally over the cluster transport: one command per
 * poll reads every followed file from its offset and searches the watched folders for new
 * files (`events.out.tfevents.*`, depth and count bounded).
 */
export class EventFileTailer {
  readonly #transport: Transport;
  readonly #max: number;
  readonly #maxPerPoll: number;
  readonly #depth: number;
  readonly #limit: number;
  readonly #timeoutMs: number;
  readonly #tracks = new Map<string, Track>();
  readonly #restored = new Map<string, EventFileCursor>();
  readonly #roots = new Map<string, number>();

  constructor(options: EventFileTailerOptions) {
    this.#transport = options.transport;
    this.#max = options.maxBytesPerFile ?? 8 * 1024 * 1024;
    this.#maxPerPoll = options.maxBytesPerPoll ?? 0;
    this.#depth = options.depth ?? 6;
    this.#limit = options.limit ?? 1000;
    this.#timeoutMs = options.timeoutMs ?? 60_000;
  }

  restore(cursors: readonly EventFileCursor[]): void {
    for (const cursor of cursors) {
      this.#restored.set(cursor.path, cursor);
      const track = this.#tracks.get(cursor.path);
      if (track) this.commit(cursor);
    }
  }

  /**
   * A job's work dir, or the folder given to `slurmdeck run --tensorboard DIR`. Files last
   * written before `since` (unix seconds) are left alone: an older training's, not this job's.
   */
  watchDir(root: string, since = 0): void {
    this.#roots.set(root, since);
  }

  /** Stops searching `root`, and following the files found under it. */
  unwatchDir(root: string): void {
    this.#roots.delete(root);
    for (const [path, track] of this.#tracks) if (track.root === root) this.#tracks.delete(path);
  }

  follow(path: string, place: { root?: string; dir?: string } = {}): void {
    if (this.#tracks.has(path)) return;
    const cursor = this.#restored.get(path) ?? { path, offset: 0, tags: [] };
    this.#tracks.set(path, { cursor, kinds: new Map(cursor.tags), need: 0, backlog: 0, ...place });
  }

  commit(next: EventFileCursor): void {
    const track = this.#tracks.get(next.path);
    if (!track) return;
    track.cursor = next;
    track.kinds = new Map(next.tags);
  }

  cursors(): EventFileCursor[] {
    return [...this.#tracks.values()].map((track) => track.cursor);
  }

  /** One round trip: every followed file from its offset, and the watched folders searched. */
  async poll(signal?: AbortSignal): Promise<EventFilePoll> {
    const [out] = await readPlans(this.#transport, [this.plan()], this.#timeoutMs, signal);
    return out;
  }

  /**
   * This poll's reads, for a caller that runs them in one command with other readers'
   * (readPlans). Without `search`, only the files already followed are read (a `find` over
   * a big work dir on NFS is worth doing less often than reading a file on).
   */
  plan({ search = true }: { search?: boolean } = {}): ReadPlan<EventFilePoll> {
    const { ask, plan } = planReads<EventFilePoll>(() => ({ files: [], found: [], more: false }));
    const tracks = [...this.#tracks.values()];
    const reads = shareReads(
      tracks.map((track) => track.backlog),
      this.#max,
      this.#maxPerPoll,
    );
    for (const [index, track] of tracks.entries()) {
      const { offset } = track.cursor;
      const request = {
        op: 'tail' as const,
        path: track.cursor.path,
        from: offset,
        offset,
        max: Math.max(reads[index] ?? this.#max, track.need),
      };
      ask(request, (answer, out) => {
        if (answer.op !== 'tail') return;
        const update = this.#apply(track, answer.file);
        if (update.points.length || update.event || update.next !== track.cursor)
          out.files.push(update);
        out.more ||= update.more;
      });
    }
    for (const [root, since] of search ? this.#roots : []) {
      ask({ op: 'events', root, depth: this.#depth, limit: this.#limit }, (answer, out) => {
        if (answer.op !== 'events') return;
        for (const file of answer.files) {
          const path = posix.join(root, file.path);
          if (this.#tracks.has(path) || file.mtime < since) continue;
          this.follow(path, { root, dir: posix.dirname(file.path) });
          const track = this.#tracks.get(path) as Track;
          track.backlog = Math.max(0, file.size - track.cursor.offset);
          out.found.push(path);
          out.more = true;
        }
      });
    }
    return plan();
  }

  #apply(track: Track, answer: FileAnswer): EventFileUpdate {
    const base = {
      path: track.cursor.path,
      ...(track.root === undefined ? {} : { root: track.root }),
      ...(track.dir === undefined ? {} : { dir: track.dir }),
    };
    const nothing = (event?: EventFileUpdate['event']): EventFileUpdate => ({
      ...base,
      points: [],
      ends: [],
      next: track.cursor,
      more: false,
      ...(event ? { event } : {}),
    });
    track.backlog = 0;
    if (!('identity' in answer)) return nothing(answer.status);
    const known = track.cursor.identity;
    const replaced =
      known && (known.dev !== answer.identity.dev || known.ino !== answer.identity.ino);
    // Event files only grow: a shorter one was rewritten. Read again from 0 (points are idempotent by step).
    if (replaced || answer.size < track.cursor.offset) {
      track.cursor = { path: track.cursor.path, offset: 0, tags: [] };
      track.kinds = new Map();
      track.need = 0;
      return { ...nothing(replaced ? 'replaced' : 'truncated'), more: true };
    }
    if (!known) track.cursor = { ...track.cursor, identity: answer.identity };
    track.backlog = Math.max(0, answer.size - track.cursor.offset - answer.bytes.length);
    if (answer.bytes.length === 0) return nothing();
    const kinds = new Map(track.kinds);
    const start = track.cursor.offset;
    const result = readEventChunk(answer.bytes, start, kinds);
    track.need = result.stop === 'partial' && result.needBytes ? result.needBytes : 0;
    const next: EventFileCursor =
      result.offset === track.cursor.offset
        ? track.cursor
        : {
            path: track.cursor.path,
            offset: result.offset,
            identity: answer.identity,
            tags: [...kinds],
          };
    return {
      ...base,
      points: result.points,
      ends: result.ends,
      next,
      // Only a read cut short by the bound asks for another poll at once, not a record being written.
      more: answer.size > start + answer.bytes.length,
      ...(result.stop === 'corrupt' ? { event: 'corrupt' as const } : {}),
    };
  }
}
