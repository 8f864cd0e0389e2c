import type { WirePoint } from './types.js';

/** One accepted batch's points, as a store writes them. */
export interface PointWrite {
  runId: number;
  attemptSeq: number;
  points: readonly WirePoint[];
}

/**
 * Adjacent writes of the same run and attempt joined into one, in order: a series' open chunk
 * is then rewritten once per call of applyBatches instead of once per batch.
 */
export function mergeAdjacentWrites(writes: readonly PointWrite[]): PointWrite[] {
  const merged: Array<{ runId: number; attemptSeq: number; points: WirePoint[] }> = [];
  for (const write of writes) {
    const last = merged.at(-1);
    if (last && last.runId === write.runId && last.attemptSeq === write.attemptSeq) {
      for (const point of write.points) last.points.push(point);
    } else merged.push({ ...write, points: [...write.points] });
  }
  return merged;
}
