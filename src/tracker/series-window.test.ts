import { describe, expect, it } from 'vitest';
import { chartWindow, stepWindow } from './series-window.js';
import type { Series } from './types.js';

const series = (n: number): Series => ({
  key: 'loss',
  steps: Float64Array.from({ length: n }, (_, i) => i * 10),
  values: Float64Array.from({ length: n }, (_, i) => (i === 500 ? 99 : i % 7)),
  times: Float64Array.from({ length: n }, (_, i) => i * 1000),
});

describe('chartWindow', () => {
  it('keeps the steps between from and to, and one point beyond each edge', () => {
    const window = stepWindow(series(100), 205, 300);
    expect(Array.from(window.steps)).toEqual([
      200, 210, 220, 230, 240, 250, 260, 270, 280, 290, 300, 310,
    ]);
  });

  it('gives a zoomed range finer detail than the whole series at the same width, extremes kept', () => {
    const full = series(100_000);
    const whole = chartWindow(full, { width: 100 });
    const zoomed = chartWindow(full, { width: 100, from: 4000, to: 6000 });
    expect(whole.downsampled).toBe(true);
    expect(zoomed.inRange).toBe(203);
    // 203 points fit in 100 columns of 4: every point of the range comes back
    expect(zoomed.series.steps.length).toBe(203);
    expect(zoomed.downsampled).toBe(false);
    expect(Math.max(...zoomed.series.values)).toBe(99);
    expect(Math.max(...whole.series.values)).toBe(99);
  });
});
