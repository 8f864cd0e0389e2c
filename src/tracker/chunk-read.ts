import { decodePoints } from './point-codec.js';
import type { Series } from './types.js';

/** A stored chunk as a read needs it, in storage order. */
export interface StoredChunk {
  attemptSeq: number;
  count: number;
  maxStep: number;
  sorted: boolean;
  data: Uint8Array;
}

/** A rewind: points of attempts that started before `seqStart` are hidden after `step`. */
export interface Rewind {
  seqStart: number;
  step: number;
}

/** The highest step of an attempt still shown: later attempts' rewinds hide the rest. */
export function visibleUpTo(attemptSeq: number, rewinds: readonly Rewind[]): number {
  let limit = Infinity;
  for (const r of rewinds) if (r.seqStart > attemptSeq && r.step < limit) limit = r.step;
  return limit;
}

/** A series from its chunks: every one decoded, superseded points left out, ordered by step. */
export function assembleSeries(
  key: string,
  chunks: readonly StoredChunk[],
  rewinds: readonly Rewind[],
): Series {
  let total = 0;
  for (const chunk of chunks) total += chunk.count;
  const all = {
    steps: new Float64Array(total),
    times: new Float64Array(total),
    values: new Float64Array(total),
  };
  let at = 0;
  let inOrder = true;
  let keep: Uint8Array | undefined;
  for (const chunk of chunks) {
    const start = at;
    at = decodePoints(chunk.data, chunk.count, all, at);
    if (
      !chunk.sorted ||
      (start > 0 && (all.steps[start] as number) < (all.steps[start - 1] as number))
    ) {
      inOrder = false;
    }
    const limit = visibleUpTo(chunk.attemptSeq, rewinds);
    if (chunk.maxStep <= limit) continue;
    keep ??= new Uint8Array(total).fill(1);
    for (let i = start; i < at; i++) if ((all.steps[i] as number) > limit) keep[i] = 0;
  }
  return arrange(key, all, keep, inOrder);
}

/** Drops hidden points and orders by step (stable: equal steps keep their arrival order). */
function arrange(
  key: string,
  all: { steps: Float64Array; times: Float64Array; values: Float64Array },
  keep: Uint8Array | undefined,
  inOrder: boolean,
): Series {
  if (!keep && inOrder) return { key, ...all };
  const order: number[] = [];
  for (let i = 0; i < all.steps.length; i++) if (!keep || keep[i]) order.push(i);
  if (!inOrder) order.sort((a, b) => (all.steps[a] as number) - (all.steps[b] as number) || a - b);
  const out: Series = {
    key,
    steps: new Float64Array(order.length),
    times: new Float64Array(order.length),
    values: new Float64Array(order.length),
  };
  order.forEach((i, j) => {
    out.steps[j] = all.steps[i] as number;
    out.times[j] = all.times[i] as number;
    out.values[j] = all.values[i] as number;
  });
  return out;
}
