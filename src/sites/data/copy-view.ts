import { z } from 'zod';
import type { CopyState } from './data-copy.js';

/** A copy as every face shows it: progress flattened, rsync's errors passed through `clean`. */
export const copyViewSchema = z.object({
  id: z.string(),
  cluster: z.string(),
  source: z.string(),
  target: z.string(),
  startedAt: z.string(),
  phase: z.enum(['running', 'done', 'failed', 'lost', 'gone', 'unreachable']),
  exitCode: z.number().optional(),
  percent: z.number().optional(),
  bytes: z.number().optional(),
  rate: z.string().optional(),
  eta: z.string().optional(),
  meaning: z.string().optional(),
  hint: z.string().optional(),
  errors: z.array(z.string()),
});

export type CopyView = z.infer<typeof copyViewSchema>;

export function copyView(state: CopyState, clean: (text: string) => string): CopyView {
  const { progress, rsyncArgs: _args, parallel: _parallel, startedAt, errors, ...rest } = state;
  return {
    ...rest,
    startedAt: new Date(startedAt * 1000).toISOString(),
    errors: errors.map(clean),
    ...(progress
      ? { percent: progress.percent, bytes: progress.bytes, rate: progress.rate, eta: progress.eta }
      : {}),
  };
}
