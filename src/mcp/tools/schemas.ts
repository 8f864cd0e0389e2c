import { z } from 'zod';

/** Inputs and outputs more than one tool shares. */
export const clusterArg = z
  .string()
  .optional()
  .describe('cluster name from list_clusters; default: the configured default cluster');

export const jobIdArg = z.string().min(1).max(64).describe('job id, e.g. 123 or 123_4');

export const counts = z.object({ idle: z.number(), total: z.number() });

/** Read-only and free of side effects, whatever the arguments. */
/** Typing into a live shell: it can run or stop anything there, and doing it twice is not the same. */
export const ACTS_IN_SHELL = {
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: false,
  openWorldHint: true,
} as const;

/** Allocating billed resources: adds to the cluster, destroys nothing, and twice means twice. */
export const ALLOCATES = {
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: false,
  openWorldHint: true,
} as const;

export const READ_CLUSTER = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
} as const;
