import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePoints, encodePoints } from './point-codec.js';

const decode = (data: Buffer, count: number) => {
  const out = {
    steps: new Float64Array(count),
    times: new Float64Array(count),
    values: new Float64Array(count),
  };
  decodePoints(data, count, out, 0);
  return { steps: [...out.steps], times: [...out.times], values: [...out.values] };
};

describe('the point codec', () => {
  it('gives back any steps, ms times and doubles, in two appended pieces', () => {
    const point = fc.record({
      s: fc.integer({ min: 0, max: 2 ** 50 }),
      t: fc.integer({ min: 0, max: 2 ** 45 }),
      v: fc.double(),
    });
    fc.assert(
      fc.property(fc.array(point, { minLength: 1, maxLength: 50 }), fc.nat(), (points, cut) => {
        const at = cut % points.length;
        const head = points.slice(0, at);
        const tail = points.slice(at);
        const first = encodePoints(
          { lastStep: 0, lastTime: 0 },
          head.map((p) => p.s),
          head.map((p) => p.t),
          head.map((p) => p.v),
        );
        const last = head[head.length - 1];
        const second = encodePoints(
          { lastStep: last?.s ?? 0, lastTime: last?.t ?? 0 },
          tail.map((p) => p.s),
          tail.map((p) => p.t),
          tail.map((p) => p.v),
        );
        const back = decode(Buffer.concat([first, second]), points.length);
        expect(back.steps).toEqual(points.map((p) => p.s));
        expect(back.times).toEqual(points.map((p) => p.t));
        expect(back.values).toEqual(points.map((p) => p.v));
      }),
    );
  });

  it('spends about 11 bytes on a point of a steady training log', () => {
    const n = 1000;
    const data = encodePoints(
      { lastStep: 0, lastTime: 1_780_000_000_000 },
      Array.from({ length: n }, (_, i) => i + 1),
      Array.from({ length: n }, (_, i) => 1_780_000_000_000 + (i + 1) * 50),
      Array.from({ length: n }, (_, i) => 1 / (i + 1)),
    );
    expect(data.length / n).toBeLessThanOrEqual(11);
  });
});
