// The library's root export: pure TypeScript, no native module and no server is loaded from here.
export { SlurmdeckError, isSlurmdeckError, type ErrorCode } from './core/errors.js';
export {
  loadConfig,
  resolveCluster,
  saveCluster,
  type Config,
  type ClusterConfig,
  type ClusterInput,
} from './core/config.js';
export * from './slurm/index.js';
export {
  createLocalTransport,
  createSshTransport,
  quoteArgv,
  type Transport,
  type ExecOptions,
  type ExecResult,
  type SshTarget,
} from './transport/index.js';
export type { JobOutcome, JobReport, CompletionRecord } from './jobs/types.js';
