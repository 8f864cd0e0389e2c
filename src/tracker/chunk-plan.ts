import { encodePoints } from './point-codec.js';
import type { WirePoint } from './types.js';

/** Points a chunk holds before a new one starts: small enough to rewrite on each append. */
export const CHUNK_POINTS = 1024;

/** One series' points of a batch, in the order they came; wall times in ms. */
export interface Columns {
  steps: number[];
  times: number[];
  values: number[];
}

/** The latest chunk of a series, as any store keeps it. */
export interface OpenChunk {
  id: number;
  attemptSeq: number;
  count: number;
  minStep: number;
  maxStep: number;
  lastStep: number;
  lastTime: number;
  sorted: boolean;
}

/** What a chunk row holds besides its series and data. */
export interface ChunkFields {
  count: number;
  minStep: number;
  maxStep: number;
  lastStep: number;
  lastTime: number;
  sorted: boolean;
}

/** How to store one series' new points: grow the open chunk (append `more`), then add chunks. */
export interface AppendPlan {
  grow: (ChunkFields & { id: number; more: Buffer }) | undefined;
  add: Array<ChunkFields & { data: Buffer }>;
}

/** A batch's points by key, each key's in arrival order. */
export function byKey(points: readonly WirePoint[]): Map<string, Columns> {
  const keys = new Map<string, Columns>();
  for (const p of points) {
    let cols = keys.get(p.k);
    if (!cols) keys.set(p.k, (cols = { steps: [], times: [], values: [] }));
    cols.steps.push(p.s);
    cols.times.push(Math.round(p.t * 1000));
    cols.values.push(p.v);
  }
  return keys;
}

function isSorted(steps: ArrayLike<number>, from: number, to: number, before: number): boolean {
  let last = before;
  for (let i = from; i < to; i++) {
    const s = steps[i] as number;
    if (s < last) return false;
    last = s;
  }
  return true;
}

function minMax(steps: number[], from: number, to: number): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = from; i < to; i++) {
    const s = steps[i] as number;
    if (s < min) min = s;
    if (s > max) max = s;
  }
  return [min, max];
}

function encode(
  tail: { lastStep: number; lastTime: number },
  cols: Columns,
  from: number,
  to: number,
) {
  return encodePoints(
    tail,
    cols.steps.slice(from, to),
    cols.times.slice(from, to),
    cols.values.slice(from, to),
  );
}

/**
 * Where one series' new points go: the open chunk takes what fits when it belongs to the same
 * attempt (its deltas go on from its last point), full chunks of CHUNK_POINTS follow.
 */
export function planAppend(
  open: OpenChunk | undefined,
  attemptSeq: number,
  cols: Columns,
): AppendPlan {
  const n = cols.steps.length;
  let from = 0;
  let grow: AppendPlan['grow'];
  if (open && open.attemptSeq === attemptSeq && open.count < CHUNK_POINTS) {
    const to = Math.min(n, CHUNK_POINTS - open.count);
    const [min, max] = minMax(cols.steps, 0, to);
    grow = {
      id: open.id,
      count: open.count + to,
      minStep: Math.min(open.minStep, min),
      maxStep: Math.max(open.maxStep, max),
      lastStep: cols.steps[to - 1] as number,
      lastTime: cols.times[to - 1] as number,
      sorted: open.sorted && isSorted(cols.steps, 0, to, open.lastStep),
      more: encode({ lastStep: open.lastStep, lastTime: open.lastTime }, cols, 0, to),
    };
    from = to;
  }
  const add: AppendPlan['add'] = [];
  for (; from < n; from += CHUNK_POINTS) {
    const to = Math.min(n, from + CHUNK_POINTS);
    const [min, max] = minMax(cols.steps, from, to);
    add.push({
      count: to - from,
      minStep: min,
      maxStep: max,
      lastStep: cols.steps[to - 1] as number,
      lastTime: cols.times[to - 1] as number,
      sorted: isSorted(cols.steps, from, to, -Infinity),
      data: encode({ lastStep: 0, lastTime: 0 }, cols, from, to),
    });
  }
  return { grow, add };
}
