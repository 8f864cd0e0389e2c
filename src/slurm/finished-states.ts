import type { JobState } from './types.js';

/**
 * States after which the job holds no resources and will not run again by itself. A module of
 * its own, with nothing to import, so the dashboard's bundle can share it.
 */
export const FINISHED_STATES: ReadonlySet<JobState> = new Set<JobState>([
  'COMPLETED',
  'CANCELLED',
  'FAILED',
  'TIMEOUT',
  'PREEMPTED',
  'NODE_FAIL',
  'BOOT_FAIL',
  'DEADLINE',
  'OUT_OF_MEMORY',
  'REVOKED',
  'SPECIAL_EXIT',
]);
