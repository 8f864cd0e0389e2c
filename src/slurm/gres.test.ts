import { describe, expect, it } from 'vitest';
import { countGpus, expandRanges, gpusFromTres, parseGres, parseTres } from './gres.js';

const g = (name: string, type: string | undefined, count: number, indexes?: number[]) => ({
  name,
  type,
  count,
  indexes,
});

describe('parseGres', () => {
  it.each([
    ['gpu:a100:4', [g('gpu', 'a100', 4)]],
    ['gpu:4', [g('gpu', undefined, 4)]],
    ['gpu', [g('gpu', undefined, 1)]],
    ['gpu:a100:3(IDX:0-2)', [g('gpu', 'a100', 3, [0, 1, 2])]],
    ['gpu:a100:0(IDX:N/A)', [g('gpu', 'a100', 0, [])]],
    ['gpu:a100:2(IDX:0,2)', [g('gpu', 'a100', 2, [0, 2])]],
    ['gpu:a100:4(S:0-1)', [g('gpu', 'a100', 4)]],
    ['gpu:a100:2,gpu:v100:1', [g('gpu', 'a100', 2), g('gpu', 'v100', 1)]],
    ['gpu:a100:2(IDX:0-1),nvme:1', [g('gpu', 'a100', 2, [0, 1]), g('nvme', undefined, 1)]],
    ['gres:gpu:a100:2', [g('gpu', 'a100', 2)]],
    ['gres/gpu:a100=2', [g('gpu', 'a100', 2)]],
    ['gpu:nvidia_a100-sxm4-80gb:8', [g('gpu', 'nvidia_a100-sxm4-80gb', 8)]],
    ['(null)', []],
    ['', []],
    ['N/A', []],
  ] as const)('parses %j', (raw, expected) => {
    expect(parseGres(raw)).toEqual(expected);
  });

  it('counts GPUs, optionally of one type', () => {
    const gres = parseGres('gpu:a100:2,gpu:v100:1,nvme:4');
    expect(countGpus(gres)).toBe(3);
    expect(countGpus(gres, 'v100')).toBe(1);
  });
});

describe('TRES', () => {
  it('reads key=value lists and the GPU count in them', () => {
    const tres = 'cpu=8,mem=16G,node=1,billing=8,gres/gpu=2,gres/gpu:a100=2';
    expect(parseTres(tres)['mem']).toBe('16G');
    expect(gpusFromTres(tres)).toBe(2);
    expect(gpusFromTres('cpu=1,mem=500M,node=1,billing=1')).toBe(0);
    expect(gpusFromTres(undefined)).toBe(0);
  });

  it('expands index ranges', () => {
    expect(expandRanges('0-2,5')).toEqual([0, 1, 2, 5]);
    expect(expandRanges('N/A')).toEqual([]);
  });
});
