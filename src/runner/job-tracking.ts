import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { jobIngestRecordPath, logPoints, spoolRoot } from '../tracker/index.js';
import { writeFileAtomic } from './atomic-write.js';
import { jobRunOf } from './sys-metrics/job-run.js';
import { queryGpus } from './sys-metrics/nvidia-smi.js';
import { createUsageMeter } from './sys-metrics/proc-usage.js';
import { startSampler } from './sys-metrics/sys-sampler.js';

export interface JobTrackingOptions {
  command: readonly string[];
  env: NodeJS.ProcessEnv;
  /** Absolute: the job's work dir, where the login node's ingest loop looks. */
  workDir: string;
  /** The command's pid: its process tree is what is sampled. */
  pid: number;
  /** Seconds between system samples; 0 for none. */
  sysIntervalSeconds: number;
  /** Folders the job writes TensorBoard event files to (`--tensorboard DIR`). */
  tensorboard: readonly string[];
  note: (line: string) => void;
}

/**
 * What `slurmdeck run` does for the tracker inside a job: leaves the record that tells the login
 * node's ingest loop where this job's spool and TensorBoard folders are, and samples the job's
 * CPU, RSS and GPUs into the job's run (to the server, else the spool).
 */
export function startJobTracking(options: JobTrackingOptions): { stop: () => Promise<void> } {
  const { env, workDir, note } = options;
  // An array task's record carries the id its runs do (123_4): the login node finds it by the array's.
  const arrayJob = env['SLURM_ARRAY_JOB_ID'];
  const task = env['SLURM_ARRAY_TASK_ID'];
  const jobId = arrayJob && task ? `${arrayJob}_${task}` : env['SLURM_JOB_ID'];
  const spoolDir = env['SLURMDECK_SPOOL_DIR'] || undefined;
  const recordPath = jobId ? jobIngestRecordPath(workDir, jobId) : undefined;
  if (recordPath && (spoolDir || options.tensorboard.length > 0)) {
    try {
      const record = {
        ...(spoolDir ? { spoolDir: resolve(workDir, spoolDir) } : {}),
        tensorboard: options.tensorboard.map((dir) => resolve(workDir, dir)),
      };
      mkdirSync(dirname(recordPath), { recursive: true });
      writeFileAtomic(recordPath, `${JSON.stringify(record)}\n`);
    } catch (error) {
      note(`cannot leave ${recordPath} for the tracker: ${(error as Error).message}`);
    }
  }
  const run = jobRunOf(env, options.command);
  if (!run || options.sysIntervalSeconds <= 0) return { stop: async () => undefined };
  const root = spoolRoot(workDir, spoolDir && resolve(workDir, spoolDir));
  let failures = 0;
  const sampler = startSampler({
    intervalMs: options.sysIntervalSeconds * 1000,
    usage: createUsageMeter(options.pid),
    gpus: () => queryGpus(),
    send: async (values, step) => {
      await logPoints({
        uid: run.uid,
        project: run.project,
        values,
        step,
        url: env['SLURMDECK_URL'] || undefined,
        token: env['SLURMDECK_TOKEN'] || undefined,
        spoolRoot: root,
        init: run.init,
      });
    },
    // Said once, then every 100th time: the job's output is not the place for a flood.
    onError: (error) => {
      if (failures++ % 100 === 0) note(`system metrics not recorded: ${String(error)}`);
    },
  });
  return sampler;
}
