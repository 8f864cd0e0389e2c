export { createSlurmClient, type SlurmClient, type SlurmClientOptions } from './client.js';
export type { CancelOptions } from './cancel.js';
export type { RunOptions } from './run.js';
export { parseSdiag, rpcDelta, type RpcStat, type SdiagReport } from './sdiag.js';
export { parseShareUsage, type AccountUsage } from './share-usage.js';
export { parseGres, countGpus, parseTres, gpusFromTres } from './gres.js';
export { isJobId, assertJobId } from './job-id.js';
export {
  parseJobState,
  parseJobStates,
  parseExitCode,
  isFinished,
  FINISHED_STATES,
} from './job-state.js';
export { parseVersion, atLeast } from './version.js';
export { parseDuration, parseSize } from './duration.js';
export { parseSacct } from './sacct-format.js';
export { jsonNumber, jsonString, jsonStrings, jsonTime } from './slurm-json.js';
export * from './types.js';
export { unhealthyNodes } from './node-views.js';
export { explainReason, type ReasonExplained, type ReasonAction } from './pending-reason.js';
export {
  SBATCH_OPTIONS,
  checkSbatchOptions,
  type Allocation,
  type SbatchOption,
  type SbatchOptionKey,
  type SbatchOptionValues,
} from './sbatch-options.js';
export { allocationFromFlags, allocationOfOptions, scriptDirectives } from './sbatch-directives.js';
export {
  submitOptionsSchema,
  submitOptionsShape,
  testOnlyEstimateSchema,
} from './sbatch-options-schema.js';
export { cleanStrings } from './clean-strings.js';
export { scancelByNameArgv } from './cancel.js';
export { ownJobsArgv, parseOwnJobs } from './own-jobs.js';
export { parseSrunMessage, type SrunMessage } from './srun-messages.js';
export { batchScript, wrappedCommand } from './batch-script.js';
