import { z } from 'zod';
import { SBATCH_OPTIONS, type SbatchOption } from './sbatch-options.js';

type ZodOf<O extends SbatchOption> = O['type'] extends 'count' ? z.ZodNumber : z.ZodString;

/** The zod shape of the sbatch options, all optional: spread it into a tool's or route's input. */
export type SubmitOptionsShape = {
  [O in SbatchOption as O['key']]: z.ZodOptional<ZodOf<O>>;
};

function schemaOf(option: SbatchOption): z.ZodOptional<z.ZodNumber | z.ZodString> {
  const base = option.type === 'count' ? z.number().int().min(1) : z.string();
  return base.optional().describe(`${option.help} (sbatch ${option.flag})`);
}

/**
 * The options as the MCP tools and the HTTP API take them. It checks types only: the values are
 * checked once, with hints, where the request is built (`jobs/submit-request.ts`).
 */
export const submitOptionsShape = Object.fromEntries(
  SBATCH_OPTIONS.map((option) => [option.key, schemaOf(option)]),
) as SubmitOptionsShape;

export const submitOptionsSchema = z.object(submitOptionsShape);

/** When and where `sbatch --test-only` says a job would start, as every face returns it. */
export const testOnlyEstimateSchema = z.object({
  startTime: z.string(),
  nodes: z.string(),
  partition: z.string(),
  processors: z.number(),
});
