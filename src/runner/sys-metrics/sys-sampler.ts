import type { GpuSample } from './nvidia-smi.js';

/** One sample's points, keyed as the tracker shows system metrics (`sys/...`). */
export function sysValues(
  usage: { cpuPercent: number; rssBytes: number },
  gpus: readonly GpuSample[] | undefined,
): Record<string, number> {
  const values: Record<string, number> = {
    'sys/cpu_percent': Math.round(usage.cpuPercent * 10) / 10,
    'sys/rss_bytes': usage.rssBytes,
  };
  for (const gpu of gpus ?? []) {
    const at = `sys/gpu${gpu.index}`;
    if (gpu.util !== undefined) values[`${at}/util`] = gpu.util;
    if (gpu.memoryUsedBytes !== undefined) values[`${at}/memory_used_bytes`] = gpu.memoryUsedBytes;
    if (gpu.memoryTotalBytes !== undefined)
      values[`${at}/memory_total_bytes`] = gpu.memoryTotalBytes;
  }
  return values;
}

export interface SamplerOptions {
  intervalMs: number;
  /** CPU and RSS of the job's processes since the last call. */
  usage: () => { cpuPercent: number; rssBytes: number };
  /** The node's GPUs, or undefined where it has none. */
  gpus: () => Promise<GpuSample[] | undefined>;
  /** Sends one sample; `step` is whole seconds since the start. */
  send: (values: Record<string, number>, step: number) => Promise<void>;
  onError: (error: unknown) => void;
  now?: () => number;
}

/**
 * Samples every `intervalMs` until stopped (not at the stop: the processes are gone by then). A
 * failed send is reported and sampling goes on; samples never overlap.
 */
export function startSampler(options: SamplerOptions): { stop: () => Promise<void> } {
  const now = options.now ?? Date.now;
  const start = now();
  let noGpu = false;
  let running: Promise<void> = Promise.resolve();
  const once = async () => {
    try {
      const usage = options.usage();
      const gpus = noGpu ? undefined : await options.gpus();
      if (gpus === undefined) noGpu = true; // no nvidia-smi here: not asked again
      await options.send(sysValues(usage, gpus), Math.floor((now() - start) / 1000));
    } catch (error) {
      options.onError(error);
    }
  };
  const timer = setInterval(() => {
    running = running.then(once);
  }, options.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
