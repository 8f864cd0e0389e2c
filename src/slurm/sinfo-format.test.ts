import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildClusterView } from './cluster-view.js';
import { parseAiot, parseSinfo, sinfoArgv } from './sinfo-format.js';

const read = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const view = (name: string) => buildClusterView(parseSinfo(read(name)));

describe('cluster view from one real sinfo call', () => {
  it('lists each node once with all its partitions', () => {
    const { nodes } = view('sinfo-22.05-busy.txt');
    expect(nodes.map((n) => n.name)).toEqual(['n1', 'n2', 'n3']);
    expect(nodes.find((n) => n.name === 'n2')?.partitions.sort()).toEqual(['cpu', 'gpu']);
  });

  it('adds up CPUs and GPUs per partition like savail', () => {
    const { partitions } = view('sinfo-22.05-busy.txt');
    const gpu = partitions.find((p) => p.name === 'gpu');
    const cpu = partitions.find((p) => p.name === 'cpu');
    expect(cpu).toMatchObject({ isDefault: true, availability: 'up', maxTimeSeconds: 86_400 });
    expect(gpu?.isDefault).toBe(false);
    expect(gpu?.nodes).toEqual(['n2', 'n3']);
    expect(gpu?.cpus).toEqual({ allocated: 7, idle: 1, other: 0, total: 8 });
    expect(gpu?.gpus).toEqual({ allocated: 3, idle: 5, other: 0, total: 8 });
    expect(gpu?.gpusByType).toEqual({ a100: { allocated: 3, idle: 5, other: 0, total: 8 } });
    expect(cpu?.gpus).toEqual({ allocated: 3, idle: 9, other: 0, total: 12 });
  });

  it('reads node details: GRES in use with indexes, memory, load', () => {
    const n2 = view('sinfo-22.05-busy.txt').nodes.find((n) => n.name === 'n2');
    expect(n2).toMatchObject({
      state: 'mixed',
      responding: true,
      usable: true,
      reason: undefined,
      memoryMb: 4000,
      allocatedMemoryMb: 1500,
      cpuLoad: 0.78,
      features: [],
    });
    expect(n2?.gresUsed).toEqual([{ name: 'gpu', type: 'a100', count: 3, indexes: [0, 1, 2] }]);
  });

  it.each([
    ['sinfo-22.05-draining.txt', 'draining', 'test drain by slurmdeck', ['DRAIN']],
    ['sinfo-22.05-drained.txt', 'drained', 'test drain by slurmdeck', ['DRAIN']],
    ['sinfo-22.05-down.txt', 'down', 'test down by slurmdeck', []],
  ] as const)(
    '%s: n1 is %s with its reason, and its GPUs count as other',
    (file, state, reason, flags) => {
      const { nodes, partitions } = view(file);
      const n1 = nodes.find((n) => n.name === 'n1');
      expect(n1).toMatchObject({ state, reason, flags, usable: false });
      expect(n1?.gpus).toEqual({ allocated: 0, idle: 0, other: 4, total: 4 });
      expect(partitions.find((p) => p.name === 'cpu')?.gpus.other).toBe(4);
    },
  );

  it('asks sinfo for one line per node, no header', () => {
    expect(sinfoArgv().slice(0, 4)).toEqual(['sinfo', '-h', '-N', '-O']);
  });

  it('reads A/I/O/T counts', () => {
    expect(parseAiot('1/0/3/4')).toEqual({ allocated: 1, idle: 0, other: 3, total: 4 });
    expect(parseAiot('garbage')).toEqual({ allocated: 0, idle: 0, other: 0, total: 0 });
  });
});
