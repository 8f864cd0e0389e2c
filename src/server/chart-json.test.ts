import { describe, expect, it } from 'vitest';
import { chartLines } from './chart-json.js';

const line = (steps: number[], values: number[]) => ({
  uid: 'r1',
  total: steps.length,
  inRange: steps.length,
  downsampled: false,
  series: {
    key: 'loss',
    steps: Float64Array.from(steps),
    values: Float64Array.from(values),
    times: Float64Array.from(steps, (s) => s * 1000),
  },
});

const unpack = <T>(text: string, Type: new (buffer: ArrayBuffer) => T) => {
  const bytes = Buffer.from(text, 'base64');
  return new Type(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
};

// Every field any form may have, to read them without narrowing.
const lines = (...args: Parameters<typeof chartLines>) =>
  chartLines(...args) as unknown as Array<Record<string, string | undefined>>;

describe('chartLines', () => {
  it('packs steps as uint32 and values as float32 that read back, NaN and infinities kept', () => {
    const [packed] = lines([line([0, 5, 4_000_000_000], [0.1, NaN, -Infinity])], {
      packed: true,
      times: false,
    });
    expect(packed).not.toHaveProperty('times');
    expect(Array.from(unpack(packed?.['steps32'] ?? '', Uint32Array))).toEqual([
      0, 5, 4_000_000_000,
    ]);
    const values = Array.from(unpack(packed?.['values32'] ?? '', Float32Array));
    expect(values[0]).toBeCloseTo(0.1, 7);
    expect(values[1]).toBeNaN();
    expect(values[2]).toBe(-Infinity);
  });

  it('falls back to float64 steps past 2^32, and gives JSON numbers and wall times when asked', () => {
    const [big] = lines([line([1, 2 ** 40], [1, 2])], { packed: true, times: false });
    expect(big).not.toHaveProperty('steps32');
    expect(Array.from(unpack(big?.['steps64'] ?? '', Float64Array))).toEqual([1, 2 ** 40]);
    const [plain] = chartLines([line([1, 2], [NaN, Infinity])], { packed: false, times: true });
    expect(plain).toMatchObject({
      steps: [1, 2],
      values: [null, 'Infinity'],
      times: [1, 2],
    });
  });
});
