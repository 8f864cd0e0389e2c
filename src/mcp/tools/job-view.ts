import { z } from 'zod';
import { explainReason, type Job } from '../../slurm/index.js';

/** A queued or running job as tools return it: what an agent needs, nothing of Slurm's noise. */
export const jobShape = z.object({
  id: z.string(),
  name: z.string(),
  user: z.string(),
  partition: z.string(),
  state: z.string(),
  reason: z.string().optional().describe('why it waits (Resources, Priority...) or failed'),
  why: z.string().optional().describe('the reason in plain words, with what to do about it'),
  nodes: z.string().optional(),
  gpus: z.number(),
  elapsedSeconds: z.number().optional(),
  timeLimitSeconds: z.number().nullable().optional(),
  submitTime: z.string().optional(),
  startTime: z.string().optional(),
});

export type JobView = z.infer<typeof jobShape>;

export function jobView(job: Job): JobView {
  const view: JobView = {
    id: job.id,
    name: job.name,
    user: job.user,
    partition: job.partition,
    state: job.state,
    gpus: job.gpus,
  };
  if (job.reason) view.reason = job.reason;
  const why = job.state === 'PENDING' ? explainReason(job.reason) : undefined;
  if (why && why.en !== job.reason) view.why = why.en;
  if (job.nodeList) view.nodes = job.nodeList;
  if (job.elapsedSeconds !== undefined) view.elapsedSeconds = job.elapsedSeconds;
  if (job.timeLimitSeconds !== undefined) view.timeLimitSeconds = job.timeLimitSeconds;
  if (job.submitTime) view.submitTime = job.submitTime;
  if (job.startTime) view.startTime = job.startTime;
  return view;
}

/** `1:02:03`, for text. */
export function clock(seconds: number | undefined): string {
  if (seconds === undefined) return '-';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

export function jobLine(job: JobView): string {
  const where =
    job.state === 'PENDING'
      ? `(${job.reason ?? 'None'}${job.why ? `: ${job.why}` : ''})`
      : (job.nodes ?? '-');
  return `${job.id} ${job.name} [${job.user}] ${job.partition} ${job.state} ${clock(job.elapsedSeconds)} gpus=${job.gpus} ${where}`;
}
