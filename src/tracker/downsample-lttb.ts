import { downsampleM4, pick } from './downsample.js';
import type { Series } from './types.js';

/**
 * MinMaxLTTB to `points` points: the M4 preselection (each pixel column's first, last, lowest
 * and highest point, so no spike is lost to the bucketing), then Largest-Triangle-Three-Buckets
 * keeps the point of each bucket that best preserves the line's shape. A chart of many
 * overlaid runs gets one point a pixel per line instead of four, at almost no visible cost.
 */
export function downsampleMinMaxLttb(series: Series, points: number): Series {
  const target = Math.max(3, Math.floor(points));
  const pre = downsampleM4(series, target);
  return lttb(pre, target);
}

/** Largest-Triangle-Three-Buckets (Steinarsson 2013): first and last kept, one a bucket between. */
export function lttb(series: Series, points: number): Series {
  const n = series.steps.length;
  if (n <= points || points < 3) return series;
  const { steps, values } = series;
  const kept = [0];
  const size = (n - 2) / (points - 2);
  let a = 0;
  for (let bucket = 0; bucket < points - 2; bucket++) {
    const from = Math.floor(bucket * size) + 1;
    const to = Math.min(Math.floor((bucket + 1) * size) + 1, n - 1);
    // The next bucket's average point (the last point for the last bucket).
    const nextFrom = to;
    const nextTo = Math.min(Math.floor((bucket + 2) * size) + 1, n);
    let avgX = 0;
    let avgY = 0;
    const count = Math.max(1, nextTo - nextFrom);
    for (let i = nextFrom; i < nextFrom + count; i++) {
      avgX += steps[i] as number;
      avgY += values[i] as number;
    }
    avgX /= count;
    avgY /= count;
    const ax = steps[a] as number;
    const ay = values[a] as number;
    let best = from;
    let bestArea = -1;
    for (let i = from; i < to; i++) {
      const area = Math.abs(
        (ax - avgX) * ((values[i] as number) - ay) - (ax - (steps[i] as number)) * (avgY - ay),
      );
      // NaN never wins: a bucket of NaN keeps its first point.
      if (area > bestArea) {
        bestArea = area;
        best = i;
      }
    }
    kept.push(best);
    a = best;
  }
  kept.push(n - 1);
  return pick(series, kept);
}
