import { describe, expect, it } from 'vitest';
import { parseNdjsonBatches } from './batch-parse.js';
import { scanSpoolBatch } from './spool-batch-scan.js';
import type { Batch } from './types.js';

/** What the full parser makes of a line: the batch, or that it refuses it. */
function parsed(line: string) {
  try {
    return parseNdjsonBatches(line)[0];
  } catch {
    return 'refused';
  }
}

/** The scan gives the full parser's batch, or leaves the line to it. */
function agrees(line: string): boolean {
  const scanned = scanSpoolBatch(line);
  if (scanned === undefined) return false;
  expect(scanned).toEqual(parsed(line));
  // toEqual takes -0 for 0 and NaN for NaN: the numbers must be the very same.
  const full = parsed(line) as Batch;
  scanned.points.forEach((p, i) => {
    expect(Object.is(p.v, full.points[i]?.v)).toBe(true);
    expect(Object.is(p.t, full.points[i]?.t)).toBe(true);
  });
  return true;
}

/** A deterministic stream of numbers in [0, 1). */
function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

describe('scanSpoolBatch', () => {
  it('reads the lines the Python and TypeScript clients write, as the full parser does', () => {
    const next = random(7);
    for (let line = 0; line < 300; line++) {
      const points = Array.from({ length: 1 + Math.floor(next() * 20) }, (_, i) => ({
        k: ['loss', 'acc', 'sys/gpu0/util', 'größe', 'a'][i % 5],
        s: Math.floor(next() * 1e6),
        v: [next(), -next() * 1e-9, next() * 1e300, 1 / (i + 1), 0, -0, 123456789012345680000][
          i % 7
        ],
        t: 1_800_000_000 + next() * 1e5,
      }));
      const text = JSON.stringify({ run: `r${line}`, seq: line + 1, points });
      expect(agrees(text)).toBe(true);
    }
  });

  it('reads NaN and infinities as the clients send them', () => {
    const line = `{"run":"r","seq":3,"points":[{"k":"a","s":1,"v":null,"t":1},{"k":"a","s":2,"v":"NaN","t":1.5},{"k":"a","s":3,"v":"-Infinity","t":2e9},{"k":"a","s":4,"v":"Infinity","t":0}]}`;
    expect(agrees(line)).toBe(true);
    expect(scanSpoolBatch(line)?.points.map((p) => p.v)).toEqual([NaN, NaN, -Infinity, Infinity]);
  });

  it('reads numbers of every JSON form exactly as JSON.parse does', () => {
    const numbers = [
      '0',
      '-0',
      '0.1',
      '0.30000000000000004',
      '0.3333333333333333',
      '9007199254740993',
      '123456789.123456789',
      '1e-7',
      '-2.5E+3',
      '1.7976931348623157e308',
      '5e-324',
      '0.000000000000000000000001',
      '4.35',
    ];
    for (const v of numbers) {
      expect(agrees(`{"run":"r","seq":1,"points":[{"k":"a","s":1,"v":${v},"t":1.25}]}`)).toBe(true);
    }
  });

  it('leaves every other line to the full parser, which words its errors', () => {
    const lines = [
      '{"run":"r","seq":1,"points":[{"k":"a","s":1,"v":1,"t":1}]} ',
      '{ "run":"r","seq":1,"points":[]}',
      '{"run":"r","seq":1,"points":[{"k":"a","s":1,"v":1,"t":1,"x":2}]}',
      '{"run":"r","seq":1,"extra":true,"points":[]}',
      '{"run":"r","seq":1,"points":[{"k":"a\\"b","s":1,"v":1,"t":1}]}',
      '{"run":"r","seq":1,"points":[{"k":"a","s":1,"s":2,"v":1,"t":1}]}',
      '{"run":"r","seq":0,"points":[]}',
      '{"run":"r","seq":1,"points":[{"k":"a","s":-1,"v":1,"t":1}]}',
      '{"run":"r","seq":1,"points":[{"k":"a","s":1.5,"v":1,"t":1}]}',
      '{"run":"r","seq":1,"points":[{"k":"","s":1,"v":1,"t":1}]}',
      '{"run":"r","seq":1,"points":[{"k":"a","s":1,"v":"one","t":1}]}',
      '{"run":"r","seq":1,"points":[{"k":"a","s":1,"v":01,"t":1}]}',
      '{"run":"r","seq":1,"points":[{"k":"a","s":1,"v":1.,"t":1}]}',
      '{"run":"r","seq":1,"points":[{"k":"a","s":1,"v":1,"t":-1}]}',
      '{"run":"r r","seq":1,"points":[]}',
      '{"run":"r","seq":1,"points":[{"k":"a","s":1,"v":1,"t":1}]',
      '{"run":"r","seq":1,"points":[{"k":"a","s":1,"v":1,"t":1},]}',
      '{"run":"r","seq":1}',
      '[{"run":"r","seq":1,"points":[]}]',
    ];
    for (const line of lines) expect(scanSpoolBatch(line), line).toBeUndefined();
  });

  it('never reads a line differently from the full parser, however it is cut or changed', () => {
    const line =
      '{"run":"r-1.x","seq":12,"points":[{"k":"loss","s":10,"v":0.25,"t":1800000000.5},{"k":"acc","s":10,"v":-1.5e-3,"t":1800000000.5}]}';
    const next = random(3);
    const alphabet = '{}[]",:.-+eE0123456789 nulkstvNaIfiy\\';
    let scanned = 0;
    for (let i = 0; i < 5000; i++) {
      const at = Math.floor(next() * line.length);
      const variant =
        i % 3 === 0
          ? line.slice(0, at) + line.slice(at + 1)
          : line.slice(0, at) +
            alphabet[Math.floor(next() * alphabet.length)] +
            line.slice(at + (i % 3) - 1);
      if (agrees(variant)) scanned++;
    }
    expect(scanned).toBeGreaterThan(100);
  });
});
