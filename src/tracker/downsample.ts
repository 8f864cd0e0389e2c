import type { Series } from './types.js';

/**
 * M4 downsampling for a chart `width` pixels wide: the step range is cut into `width` columns
 * and each keeps its first, last, lowest and highest point, so the drawn line (spikes included)
 * looks the same as with every point. At most 4 points a column; a series that is already
 * small enough comes back as it is.
 */
export function downsampleM4(series: Series, width: number): Series {
  const n = series.steps.length;
  const columns = Math.max(1, Math.floor(width));
  if (n <= columns * 4) return series;
  const { steps, values } = series;
  const first = steps[0] as number;
  const span = (steps[n - 1] as number) - first;
  // Indices kept, column by column: each column's (at most 4) in order, columns in order.
  const kept: number[] = [];
  let column = -1;
  let firstIndex = 0;
  let minIndex = 0;
  let maxIndex = 0;
  const close = (lastIndex: number) => {
    const lo = Math.min(minIndex, maxIndex);
    const hi = Math.max(minIndex, maxIndex);
    kept.push(firstIndex);
    if (lo !== firstIndex) kept.push(lo);
    if (hi !== lo && hi !== lastIndex) kept.push(hi);
    if (lastIndex !== firstIndex && lastIndex !== lo) kept.push(lastIndex);
  };
  const scale = span === 0 ? 0 : columns / span;
  const lastColumn = columns - 1;
  let min = 0;
  let max = 0;
  for (let i = 0; i < n; i++) {
    let at = Math.floor(((steps[i] as number) - first) * scale);
    if (at > lastColumn) at = lastColumn;
    const v = values[i] as number;
    if (at !== column) {
      if (column !== -1) close(i - 1);
      column = at;
      firstIndex = minIndex = maxIndex = i;
      min = max = v;
      continue;
    }
    // NaN never wins either comparison: a column of NaN keeps its first and last point
    if (v < min) {
      min = v;
      minIndex = i;
    } else if (v > max) {
      max = v;
      maxIndex = i;
    }
  }
  close(n - 1);
  return pick(series, kept);
}

export function pick(series: Series, kept: readonly number[]): Series {
  const out: Series = {
    key: series.key,
    steps: new Float64Array(kept.length),
    values: new Float64Array(kept.length),
    times: new Float64Array(kept.length),
  };
  kept.forEach((i, j) => {
    out.steps[j] = series.steps[i] as number;
    out.values[j] = series.values[i] as number;
    out.times[j] = series.times[i] as number;
  });
  return out;
}
