/**
 * TensorBoard's smoothing: an exponential moving average, debiased so the first points are not
 * pulled towards zero. `weight` 0 leaves the values as they are; gaps (null, NaN) stay gaps.
 */
export function smooth(values: ArrayLike<number | null>, weight: number): ArrayLike<number | null> {
  if (weight <= 0) return values;
  let last = 0;
  let count = 0;
  return Array.from(values, (v) => {
    if (v === null || !Number.isFinite(v)) return v;
    last = last * weight + (1 - weight) * v;
    count++;
    return last / (1 - weight ** count);
  });
}
