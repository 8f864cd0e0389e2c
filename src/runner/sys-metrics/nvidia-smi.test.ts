import { describe, expect, it } from 'vitest';
import { parseNvidiaSmi } from './nvidia-smi.js';

const MIB = 1024 * 1024;

// `nvidia-smi --query-gpu=index,utilization.gpu,memory.used,memory.total --format=csv,noheader,nounits`
// in the form the driver prints: ", " between fields, a line per GPU, `[N/A]` or
// `[Not Supported]` where a GPU cannot say (a MIG-enabled A100's utilization, for one).
const EIGHT_A100 = `0, 97, 71234, 81920
1, 95, 70110, 81920
2, 0, 4, 81920
3, 100, 80001, 81920
4, 12, 2048, 81920
5, 0, 0, 81920
6, 63, 40960, 81920
7, 99, 81000, 81920
`;

describe('parseNvidiaSmi', () => {
  it('reads every GPU: utilization in percent, memory from MiB to bytes', () => {
    const gpus = parseNvidiaSmi(EIGHT_A100);
    expect(gpus).toHaveLength(8);
    expect(gpus[0]).toEqual({
      index: 0,
      util: 97,
      memoryUsedBytes: 71234 * MIB,
      memoryTotalBytes: 81920 * MIB,
    });
    expect(gpus.map((g) => g.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('leaves out what a GPU does not report, and keeps the rest', () => {
    expect(parseNvidiaSmi('0, [N/A], 1024, 40960\n1, [Not Supported], [N/A], [N/A]\n')).toEqual([
      { index: 0, util: undefined, memoryUsedBytes: 1024 * MIB, memoryTotalBytes: 40960 * MIB },
      { index: 1, util: undefined, memoryUsedBytes: undefined, memoryTotalBytes: undefined },
    ]);
  });

  it('ignores lines that are not a GPU (a driver message, a blank line)', () => {
    const text =
      'NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.\n\n';
    expect(parseNvidiaSmi(text)).toEqual([]);
  });
});
