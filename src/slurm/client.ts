import type { Transport } from '../transport/types.js';
import { accounting } from './accounting.js';
import { cancel, type CancelOptions } from './cancel.js';
import { cleanStrings } from './clean-strings.js';
import { getJob } from './get-job.js';
import { assertJobId } from './job-id.js';
import { listJobs } from './list-jobs.js';
import { clusterView } from './list-nodes.js';
import { runSlurm, type RunContext, type RunOptions } from './run.js';
import { sdiag, type SdiagReport } from './sdiag.js';
import { shareUsage, type AccountUsage } from './share-usage.js';
import { submit, testSubmit } from './submit.js';
import type {
  AccountingFilter,
  AccountingRecord,
  ClusterView,
  Job,
  JobDetail,
  JobFilter,
  Node,
  Partition,
  SlurmVersion,
  SubmitRequest,
  SubmitResult,
  TestOnlyResult,
} from './types.js';
import { assertName } from './validate.js';
import { parseVersion } from './version.js';

export interface SlurmClientOptions {
  /** Whose jobs `mine` means; default: the user the transport logs in as (`--me`). */
  user?: string;
  /** Per-command time limit, default 30 s. */
  timeoutMs?: number;
}

export interface SlurmClient {
  readonly transport: Transport;
  /** From `sinfo --version` (no RPC); asked once, then remembered. */
  version(options?: RunOptions): Promise<SlurmVersion>;
  /** Partitions and nodes from one sinfo call. */
  clusterView(options?: RunOptions): Promise<ClusterView>;
  listPartitions(options?: RunOptions): Promise<Partition[]>;
  listNodes(options?: RunOptions): Promise<Node[]>;
  /** One squeue call, whatever the filter. */
  listJobs(filter?: JobFilter, options?: RunOptions): Promise<Job[]>;
  getJob(id: string, options?: RunOptions): Promise<JobDetail>;
  accounting(filter?: AccountingFilter, options?: RunOptions): Promise<AccountingRecord[]>;
  submit(request: SubmitRequest, options?: RunOptions): Promise<SubmitResult>;
  /** `sbatch --test-only`: no job is created. */
  testSubmit(request: SubmitRequest, options?: RunOptions): Promise<TestOnlyResult>;
  cancel(ids: readonly string[], options?: CancelOptions): Promise<void>;
  /** Controller statistics, RPC counts by type and user. */
  sdiag(options?: RunOptions): Promise<SdiagReport>;
  /** CPU and GPU hours used against each of the user's accounts' limits (one sshare). */
  shareUsage(user: string, options?: RunOptions): Promise<AccountUsage[]>;
}

export function createSlurmClient(
  transport: Transport,
  options: SlurmClientOptions = {},
): SlurmClient {
  const ctx: RunContext & { user?: string } = {
    transport,
    timeoutMs: options.timeoutMs ?? 30_000,
  };
  if (options.user !== undefined) ctx.user = assertName('user', options.user);
  let version: Promise<SlurmVersion> | undefined;
  const getVersion = (opts?: RunOptions) => {
    version ??= runSlurm(ctx, ['sinfo', '--version'], opts).then((r) => parseVersion(r.stdout));
    version.catch(() => (version = undefined)); // a failed probe is retried next time
    return version;
  };
  // What the cluster says is cleaned here, once, before any face shows it.
  return {
    transport,
    version: getVersion,
    clusterView: (opts) => clusterView(ctx, opts).then(cleanStrings),
    listPartitions: async (opts) => cleanStrings((await clusterView(ctx, opts)).partitions),
    listNodes: async (opts) => cleanStrings((await clusterView(ctx, opts)).nodes),
    listJobs: (filter, opts) => listJobs(ctx, filter, opts).then(cleanStrings),
    getJob: async (id, opts) => {
      const jobId = assertJobId(id); // before the version probe: a bad id costs no command
      return cleanStrings(await getJob(ctx, await getVersion(opts), jobId, opts));
    },
    accounting: (filter, opts) => accounting(ctx, filter, opts).then(cleanStrings),
    submit: (request, opts) => submit(ctx, request, opts).then(cleanStrings),
    testSubmit: (request, opts) => testSubmit(ctx, request, opts).then(cleanStrings),
    cancel: (ids, opts) => cancel(ctx, ids, opts),
    sdiag: (opts) => sdiag(ctx, opts),
    shareUsage: (user, opts) => shareUsage(ctx, user, opts).then(cleanStrings),
  };
}
