import { describe, expect, it } from 'vitest';
import { downsampleM4 } from './downsample.js';
import type { Series } from './types.js';

const series = (values: number[]): Series => ({
  key: 'loss',
  steps: Float64Array.from(values, (_, i) => i),
  values: Float64Array.from(values),
  times: Float64Array.from(values, (_, i) => i * 1000),
});

describe('downsampleM4', () => {
  it('keeps at most four points a pixel column, first and last included', () => {
    const n = 1_000_000;
    const out = downsampleM4(series(Array.from({ length: n }, (_, i) => Math.sin(i / 1000))), 800);
    expect(out.steps.length).toBeLessThanOrEqual(3200);
    expect(out.steps[0]).toBe(0);
    expect(out.steps[out.steps.length - 1]).toBe(n - 1);
  });

  it('keeps a one-point spike that random sampling would lose', () => {
    const values = Array.from({ length: 100_000 }, () => 1);
    values[54_321] = 1000;
    values[12_345] = -1000;
    const out = downsampleM4(series(values), 100);
    expect(Math.max(...out.values)).toBe(1000);
    expect(Math.min(...out.values)).toBe(-1000);
    expect([...out.steps]).toContain(54_321);
  });

  it('returns a series that already fits as it is, in step order', () => {
    const s = series([3, 1, 2]);
    expect(downsampleM4(s, 800)).toBe(s);
  });

  it('keeps steps increasing and each point with its own value and time', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 101);
    const out = downsampleM4(series(values), 50);
    for (let i = 1; i < out.steps.length; i++) {
      expect(out.steps[i]).toBeGreaterThan(out.steps[i - 1] as number);
    }
    const at = out.steps[7] as number;
    expect(out.values[7]).toBe(values[at]);
    expect(out.times[7]).toBe(at * 1000);
  });
});
