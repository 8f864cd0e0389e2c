import { parseDuration } from './duration.js';
import { countGpus, parseGres } from './gres.js';
import { parseNodeState } from './node-state.js';
import { FIELD_SEP, decimal, integer, splitRecords, text } from './records.js';
import type { Node, PartitionAvailability, ResourceCounts } from './types.js';

/** One line per node and partition; the free-text Reason goes last. */
export const SINFO_FIELDS = [
  'NodeList',
  'Partition',
  'Available',
  'Time',
  'StateLong',
  'StateComplete',
  'CPUsState',
  'Memory',
  'AllocMem',
  'FreeMem',
  'CPUsLoad',
  'Gres',
  'GresUsed',
  'Features',
  'Reason',
] as const;

/** `Field:0<SEP>`: size 0 prints the whole value, unpadded and uncut. */
export function sinfoFormat(): string {
  return SINFO_FIELDS.map((f, i) => `${f}:0${i < SINFO_FIELDS.length - 1 ? FIELD_SEP : ''}`).join(
    ',',
  );
}

export function sinfoArgv(): string[] {
  return ['sinfo', '-h', '-N', '-O', sinfoFormat()];
}

/** What one sinfo line says about its partition, kept for aggregation. */
export interface SinfoPartitionFacts {
  name: string;
  isDefault: boolean;
  availability: PartitionAvailability;
  maxTimeSeconds: number | null | undefined;
}

export interface SinfoLine {
  node: Node;
  partition: SinfoPartitionFacts;
}

export function parseSinfo(stdout: string): SinfoLine[] {
  return splitRecords(stdout, SINFO_FIELDS.length).map((f) => {
    const [name = '', part = '', avail = '', time = '', long = '', complete = ''] = f;
    const [cpuState, memory, allocMem, freeMem, load, gresRaw, gresUsedRaw, features] = f.slice(6);
    const parsed = parseNodeState(long, complete);
    const gres = parseGres(text(gresRaw));
    const gresUsed = parseGres(text(gresUsedRaw));
    const partitionName = part.trim().replace(/\*$/, '');
    const cpus = parseAiot(cpuState);
    const gpuTotal = countGpus(gres);
    const gpuAllocated = Math.min(countGpus(gresUsed), gpuTotal);
    const gpuFree = gpuTotal - gpuAllocated;
    const node: Node = {
      name: name.trim(),
      partitions: partitionName ? [partitionName] : [],
      state: parsed.state,
      stateRaw: long.trim(),
      flags: parsed.flags,
      responding: parsed.responding,
      usable: parsed.usable,
      reason: text(f[SINFO_FIELDS.length - 1]),
      cpus,
      memoryMb: integer(memory),
      allocatedMemoryMb: integer(allocMem),
      freeMemoryMb: integer(freeMem),
      cpuLoad: decimal(load),
      gres,
      gresUsed,
      gpus: {
        allocated: gpuAllocated,
        idle: parsed.usable ? gpuFree : 0,
        other: parsed.usable ? 0 : gpuFree,
        total: gpuTotal,
      },
      features: (text(features) ?? '').split(',').filter((s) => s !== ''),
    };
    return {
      node,
      partition: {
        name: partitionName,
        isDefault: part.trim().endsWith('*'),
        availability: availability(avail),
        maxTimeSeconds: parseDuration(time),
      },
    };
  });
}

/** `2/46/0/48` -> counts; zeros when sinfo printed something else. */
export function parseAiot(value: string | undefined): ResourceCounts {
  const m = /^(\d+)\/(\d+)\/(\d+)\/(\d+)$/.exec((value ?? '').trim());
  if (!m) return { allocated: 0, idle: 0, other: 0, total: 0 };
  return { allocated: Number(m[1]), idle: Number(m[2]), other: Number(m[3]), total: Number(m[4]) };
}

function availability(value: string): PartitionAvailability {
  const v = value.trim().toLowerCase();
  if (v === 'up' || v === 'down' || v === 'drain') return v;
  if (v === 'inact' || v === 'inactive') return 'inactive';
  return 'unknown';
}
