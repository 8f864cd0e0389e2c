import { posix } from 'node:path';
import type { Transport } from '../../transport/index.js';
import {
  readRemote,
  type FileAnswer,
  type FileIdentity,
  type ReadAnswer,
  type ReadRequest,
} from '../spool-remote-read.js';
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
  /** Store once the points are applied, then commit. */
  next: EventFileCursor;
  event?: 'missing' | 'unreadable' | 'replaced' | 'truncated' | 'corrupt';
  more: boolean;
}

export interface EventFileTailerOptions {
  transport: Transport;
  /** Bytes read per file per poll (default 8 MiB); a record larger than that is read whole. */
  maxBytesPerFile?: number;
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
  readonly #depth: number;
  readonly #limit: number;
  readonly #timeoutMs: number;
  readonly #tracks = new Map<string, Track>();
  readonly #restored = new Map<string, EventFileCursor>();
  readonly #roots = new Set<string>();

  constructor(options: EventFileTailerOptions) {
    this.#transport = options.transport;
    this.#max = options.maxBytesPerFile ?? 8 * 1024 * 1024;
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

  /** A job's work dir, or the folder given to `slurmdeck run --tensorboard DIR`. */
  watchDir(root: string): void {
    this.#roots.add(root);
  }

  follow(path: string, place: { root?: string; dir?: string } = {}): void {
    if (this.#tracks.has(path)) return;
    const cursor = this.#restored.get(path) ?? { path, offset: 0, tags: [] };
    this.#tracks.set(path, { cursor, kinds: new Map(cursor.tags), need: 0, ...place });
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

  async poll(
    signal?: AbortSignal,
  ): Promise<{ files: EventFileUpdate[]; found: string[]; more: boolean }> {
    const requests: ReadRequest[] = [];
    const handlers: ((answer: ReadAnswer) => void)[] = [];
    const files: EventFileUpdate[] = [];
    const found: string[] = [];
    let more = false;
    for (const track of this.#tracks.values()) {
      const { offset } = track.cursor;
      requests.push({
        op: 'tail',
        path: track.cursor.path,
        from: offset,
        offset,
        max: Math.max(this.#max, track.need),
      });
      handlers.push((answer) => {
        if (answer.op !== 'tail') return;
        const update = this.#apply(track, answer.file);
        if (update.points.length || update.event || update.next !== track.cursor)
          files.push(update);
        more ||= update.more;
      });
    }
    for (const root of this.#roots) {
      requests.push({ op: 'events', root, depth: this.#depth, limit: this.#limit });
      handlers.push((answer) => {
        if (answer.op !== 'events') return;
        for (const file of answer.files) {
          const path = posix.join(root, file.path);
          if (this.#tracks.has(path)) continue;
          this.follow(path, { root, dir: posix.dirname(file.path) });
          found.push(path);
        }
      });
    }
    const answers = await readRemote(this.#transport, requests, this.#timeoutMs, signal);
    answers.forEach((answer, index) => handlers[index]?.(answer));
    return { files, found, more: more || found.length > 0 };
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
      next: track.cursor,
      more: false,
      ...(event ? { event } : {}),
    });
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
      next,
      // Only a read cut short by the bound asks for another poll at once, not a record being written.
      more: answer.size > start + answer.bytes.length,
      ...(result.stop === 'corrupt' ? { event: 'corrupt' as const } : {}),
    };
  }
}
