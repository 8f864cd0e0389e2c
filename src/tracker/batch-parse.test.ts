import { describe, expect, it } from 'vitest';
import { parseJsonBatches, parseNdjsonBatches } from './batch-parse.js';

const line = (seq: number) =>
  JSON.stringify({ run: 'ab12', seq, points: [{ k: 'loss', s: seq, v: 0.5, t: 1.5 }] });

describe('batch parsing', () => {
  it('reads one batch, a list, or {batches} from JSON', () => {
    const one = JSON.parse(line(1)) as unknown;
    expect(parseJsonBatches(one)).toHaveLength(1);
    expect(parseJsonBatches([one, JSON.parse(line(2))])).toHaveLength(2);
    expect(parseJsonBatches({ batches: [one] })[0]).toEqual({
      run: 'ab12',
      seq: 1,
      points: [{ k: 'loss', s: 1, v: 0.5, t: 1.5 }],
    });
  });

  it('reads NDJSON a batch a line, skipping blank lines and a CRLF ending', () => {
    const batches = parseNdjsonBatches(`${line(1)}\r\n\n${line(2)}\n`);
    expect(batches.map((b) => b.seq)).toEqual([1, 2]);
  });

  it('takes null, "NaN" and the infinities for the values JSON cannot hold', () => {
    const [b] = parseJsonBatches({
      run: 'r',
      seq: 1,
      points: [
        { k: 'a', s: 0, v: null, t: 0 },
        { k: 'a', s: 1, v: 'NaN', t: 0 },
        { k: 'a', s: 2, v: 'Infinity', t: 0 },
        { k: 'a', s: 3, v: '-Infinity', t: 0 },
      ],
    });
    expect(b?.points.map((p) => p.v)).toEqual([NaN, NaN, Infinity, -Infinity]);
  });

  it('takes the files a batch declares, and names a wrong one', () => {
    const file = { path: '/lustre/u/ckpt/e1.pt', kind: 'checkpoint', size: 10, mtime: 5.5, t: 6 };
    const [b] = parseJsonBatches({ run: 'r', seq: 1, points: [], files: [file] });
    expect(b?.files).toEqual([file]);
    const wrong = (f: object) => () =>
      parseJsonBatches({ run: 'r', seq: 1, points: [], files: [file, { ...file, ...f }] });
    expect(wrong({ path: 'ckpt/e1.pt' })).toThrow(/batch 0 file 1: path must be an absolute path/);
    expect(wrong({ path: '/a\nb' })).toThrow(/path must be/);
    expect(wrong({ kind: 'model' })).toThrow(/kind must be one of checkpoint, artifact, log/);
    expect(wrong({ size: -1 })).toThrow(/size must be a number >= 0/);
    expect(wrong({ t: undefined })).toThrow(/t must be unix seconds/);
    const many = Array.from({ length: 1001 }, () => file);
    expect(() => parseJsonBatches({ run: 'r', seq: 1, points: [], files: many })).toThrow(
      /files must be a list of at most 1000/,
    );
  });

  it('names the line and the point that is wrong', () => {
    expect(() => parseNdjsonBatches(`${line(1)}\n{"run":"ab12","seq":2`)).toThrow(
      /line 2: not valid JSON/,
    );
    const bad = {
      run: 'r',
      seq: 1,
      points: [
        { k: 'a', s: 0, v: 1, t: 0 },
        { k: 'a', s: 1.5, v: 1, t: 0 },
      ],
    };
    expect(() => parseJsonBatches(bad)).toThrow(/batch 0 point 1: s must be a whole step/);
    expect(() => parseJsonBatches({ ...bad, seq: 0 })).toThrow(/seq must be/);
    const huge = { run: 'r', seq: 1, points: [{ k: 'a', s: 2 ** 52, v: 1, t: 0 }] };
    expect(() => parseJsonBatches(huge)).toThrow(/s must be a whole step/);
    expect(() => parseJsonBatches({ ...bad, run: '../x y' })).toThrow(/run must be/);
    expect(() =>
      parseJsonBatches({ run: 'r', seq: 1, points: [{ k: '', s: 0, v: 1, t: 0 }] }),
    ).toThrow(/k must be/);
    expect(() =>
      parseJsonBatches({ run: 'r', seq: 1, points: [{ k: 'a', s: 0, v: 'x', t: 0 }] }),
    ).toThrow(/v must be/);
  });
});
