import { describe, expect, it } from 'vitest';
import { downsampleMinMaxLttb, lttb } from './downsample-lttb.js';

const series = (values: number[]) => ({
  key: 'loss',
  steps: Float64Array.from(values, (_, i) => i),
  values: Float64Array.from(values),
  times: Float64Array.from(values, (_, i) => i * 1000),
});

describe('lttb', () => {
  it('keeps the first and last point and as many as asked, in step order', () => {
    const s = series(Array.from({ length: 1000 }, (_, i) => Math.sin(i / 50)));
    const out = lttb(s, 100);
    expect(out.steps.length).toBe(100);
    expect(out.steps[0]).toBe(0);
    expect(out.steps[99]).toBe(999);
    for (let i = 1; i < 100; i++) expect(out.steps[i]).toBeGreaterThan(out.steps[i - 1] as number);
  });

  it('leaves a small series as it is', () => {
    const s = series([1, 2, 3]);
    expect(lttb(s, 10)).toBe(s);
  });
});

describe('downsampleMinMaxLttb', () => {
  it('keeps a one-point spike that plain bucketing of 100k points would likely miss', () => {
    const values = Array.from({ length: 100_000 }, (_, i) =>
      i === 73_313 ? 50 : Math.sin(i / 1000),
    );
    const out = downsampleMinMaxLttb(series(values), 500);
    expect(out.steps.length).toBeLessThanOrEqual(500);
    expect(Math.max(...out.values)).toBe(50);
  });
});
