import { CHUNK_POINTS } from './chunk-plan.js';
import type { WirePoint } from './types.js';

// A few chunks' worth: most of the saving, with arrays small enough to stay cheap to build.
const MAX_MERGED_POINTS = 8 * CHUNK_POINTS;

/** One accepted batch's points, as a store writes them. */
export interface PointWrite {
  runId: number;
  attemptSeq: number;
  points: readonly WirePoint[];
}

/**
 * Adjacent writes of the same run and attempt joined into one, in order (up to a few chunks'
 * worth): a series' open chunk is rewritten once per such group instead of once per batch.
 */
export function mergeAdjacentWrites(writes: readonly PointWrite[]): PointWrite[] {
  const merged: Array<{ runId: number; attemptSeq: number; points: WirePoint[] }> = [];
  for (const write of writes) {
    const last = merged.at(-1);
    if (
      last &&
      last.runId === write.runId &&
      last.attemptSeq === write.attemptSeq &&
      last.points.length < MAX_MERGED_POINTS
    ) {
      for (const point of write.points) last.points.push(point);
    } else merged.push({ ...write, points: [...write.points] });
  }
  return merged;
}
