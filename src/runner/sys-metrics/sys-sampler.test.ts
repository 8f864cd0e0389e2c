import { describe, expect, it } from 'vitest';
import { startSampler, sysValues } from './sys-sampler.js';

describe('sysValues', () => {
  it('keys CPU, RSS and each GPU under sys/', () => {
    expect(
      sysValues({ cpuPercent: 123.456, rssBytes: 1e9 }, [
        { index: 1, util: 80, memoryUsedBytes: 2048, memoryTotalBytes: 4096 },
        { index: 2, util: undefined, memoryUsedBytes: undefined, memoryTotalBytes: 4096 },
      ]),
    ).toEqual({
      'sys/cpu_percent': 123.5,
      'sys/rss_bytes': 1e9,
      'sys/gpu1/util': 80,
      'sys/gpu1/memory_used_bytes': 2048,
      'sys/gpu1/memory_total_bytes': 4096,
      'sys/gpu2/memory_total_bytes': 4096,
    });
  });
});

describe('startSampler', () => {
  it('samples at its interval, asks for GPUs no more once there are none, and goes on after a failed send', async () => {
    const sent: number[] = [];
    let gpuAsks = 0;
    let errors = 0;
    const sampler = startSampler({
      intervalMs: 50,
      usage: () => ({ cpuPercent: 1, rssBytes: 2 }),
      gpus: async () => {
        gpuAsks++;
        return undefined;
      },
      send: async (values) => {
        if (sent.length === 1 && errors === 0) throw new Error('server away');
        sent.push(values['sys/rss_bytes'] as number);
      },
      onError: () => errors++,
    });
    await new Promise((resolve) => setTimeout(resolve, 330));
    await sampler.stop();
    const count = sent.length;
    expect(count).toBeGreaterThanOrEqual(3);
    expect(errors).toBe(1);
    expect(gpuAsks).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(sent.length).toBe(count);
  });
});
