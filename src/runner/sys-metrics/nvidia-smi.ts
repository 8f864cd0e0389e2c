import { execFile } from 'node:child_process';

/** One GPU as `nvidia-smi --query-gpu=index,utilization.gpu,memory.used,memory.total` reports it. */
export interface GpuSample {
  index: number;
  /** Percent busy over the driver's last sample period; undefined where the GPU does not say. */
  util: number | undefined;
  memoryUsedBytes: number | undefined;
  memoryTotalBytes: number | undefined;
}

export const NVIDIA_SMI_ARGS = [
  '--query-gpu=index,utilization.gpu,memory.used,memory.total',
  '--format=csv,noheader,nounits',
];

const MIB = 1024 * 1024;

/** A field as a number; `[N/A]`, `[Not Supported]` and the like are undefined. */
const numberOf = (field: string | undefined) => {
  const text = field?.trim() ?? '';
  if (!/^-?\d+(\.\d+)?$/.test(text)) return undefined;
  return Number(text);
};

/** The GPUs of `nvidia-smi`'s csv answer (noheader, nounits): one line each, memory in MiB. */
export function parseNvidiaSmi(text: string): GpuSample[] {
  const gpus: GpuSample[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(',');
    const index = numberOf(fields[0]);
    if (fields.length < 4 || index === undefined) continue;
    const used = numberOf(fields[2]);
    const total = numberOf(fields[3]);
    gpus.push({
      index,
      util: numberOf(fields[1]),
      memoryUsedBytes: used === undefined ? undefined : used * MIB,
      memoryTotalBytes: total === undefined ? undefined : total * MIB,
    });
  }
  return gpus;
}

/** The node's GPUs, or undefined where there is no `nvidia-smi` (or it fails: no driver). */
export function queryGpus(timeoutMs = 10_000): Promise<GpuSample[] | undefined> {
  return new Promise((resolve) => {
    execFile('nvidia-smi', NVIDIA_SMI_ARGS, { timeout: timeoutMs }, (error, stdout) => {
      resolve(error ? undefined : parseNvidiaSmi(stdout));
    });
  });
}
