import { z } from 'zod';
import { TERMINAL_LIMITS } from '../sessions/terminal-size.js';
import { testOnlyEstimateSchema } from '../slurm/sbatch-options-schema.js';

/**
 * The API's requests and responses. Responses are parsed through these on the way out, so
 * a field the schema does not name (such as a job's raw Slurm record) never leaves the server.
 */

export const clusterName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a configured cluster name')
  .describe('a cluster name from the config');

const seconds = z.number().nullable().optional();
const text = z.string().optional();

export const resourceCounts = z.object({
  allocated: z.number(),
  idle: z.number(),
  other: z.number().describe('on nodes that take no work (down, drained, not responding)'),
  total: z.number(),
});

export const partitionSchema = z.object({
  name: z.string(),
  isDefault: z.boolean(),
  availability: z.enum(['up', 'down', 'drain', 'inactive', 'unknown']),
  maxTimeSeconds: seconds,
  nodes: z.array(z.string()),
  cpus: resourceCounts,
  gpus: resourceCounts,
  gpusByType: z.record(z.string(), resourceCounts).describe("untyped GPUs are under ''"),
});

const gres = z.object({ name: z.string(), type: text, count: z.number() });

export const nodeSchema = z.object({
  name: z.string(),
  partitions: z.array(z.string()),
  state: z.string(),
  stateRaw: z.string(),
  flags: z.array(z.string()),
  responding: z.boolean(),
  usable: z.boolean(),
  reason: text,
  cpus: resourceCounts,
  gpus: resourceCounts,
  memoryMb: z.number().optional(),
  allocatedMemoryMb: z.number().optional(),
  freeMemoryMb: z.number().optional(),
  cpuLoad: z.number().optional(),
  gres: z.array(gres),
  gresUsed: z.array(gres),
  features: z.array(z.string()),
});

export const jobSchema = z.object({
  id: z.string(),
  jobId: z.string(),
  arrayJobId: text,
  arrayTaskId: text,
  name: z.string(),
  user: z.string(),
  account: text,
  partition: z.string(),
  qos: text,
  state: z.string(),
  stateRaw: z.string(),
  reason: text,
  nodeList: text,
  nodeCount: z.number().optional(),
  cpus: z.number().optional(),
  gpus: z.number(),
  tresPerNode: text,
  minMemory: text,
  timeLimitSeconds: seconds,
  elapsedSeconds: z.number().optional(),
  submitTime: text,
  startTime: text,
  endTime: text,
  workDir: text,
  pendingReason: z
    .object({
      code: z.string(),
      action: z.enum(['wait', 'change-request', 'ask-admin', 'act']),
      en: z.string(),
      zh: z.string(),
    })
    .optional()
    .describe('why a pending job waits, in plain words, and what to do'),
});

export const jobDetailSchema = jobSchema.extend({
  exitCode: z.number().optional(),
  signal: z.number().optional(),
  command: text,
  stdout: text,
  stderr: text,
  batchHost: text,
  dependency: text,
  priority: z.number().optional(),
  tresAlloc: text,
  tresRequested: text,
});

const at = z
  .string()
  .describe('when the cluster was asked (ISO 8601): views are shared for a few seconds');

export const clustersResponse = z.object({
  defaultCluster: text,
  clusters: z.array(z.object({ name: z.string(), transport: z.enum(['local', 'ssh']) })),
});

export const statusResponse = z.object({
  cluster: z.string(),
  slurmVersion: z.string(),
  at,
  partitions: z.array(partitionSchema),
  unhealthyNodes: z.array(nodeSchema),
});

export const nodesResponse = z.object({ cluster: z.string(), at, nodes: z.array(nodeSchema) });

export const jobsResponse = z.object({
  cluster: z.string(),
  at,
  jobs: z.array(jobSchema),
});

export const jobReportSchema = z.object({
  outcome: z.string().describe('COMPLETED, FAILED, OUT_OF_MEMORY, TIMEOUT...'),
  exitCode: z.number().optional(),
  signal: z.number().optional(),
  cancelledBy: text,
  elapsedSeconds: z.number().optional(),
  timeLimitSeconds: seconds,
  nodes: text,
  cpuEfficiency: z.number().optional().describe('0..1'),
  memoryEfficiency: z.number().optional().describe('0..1'),
  maxRssBytes: z.number().optional(),
  requestedMemoryBytes: z.number().optional(),
  startedAt: text,
  endedAt: text,
  logPath: text,
  logTail: z.array(z.string()).describe('the last lines of the log, cleaned and redacted'),
  hint: text.describe('what to do, for the common failures'),
});

export const jobResponse = z.object({
  cluster: z.string(),
  at,
  job: jobDetailSchema,
  report: jobReportSchema
    .optional()
    .describe('once the job has ended: outcome, CPU and memory efficiency, what to do next'),
});

const flag = z
  .enum(['true', 'false', '1', '0'])
  .optional()
  .transform((value) => value === 'true' || value === '1');
const list = z
  .string()
  .max(2000)
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
  );

export const jobsQuery = z.object({
  all: flag.describe("every user's jobs (default: the server user's own)"),
  state: list.describe('states, comma-separated: PENDING,RUNNING or PD,R; default: not finished'),
  partition: list.describe('partitions, comma-separated'),
  user: list.describe('users, comma-separated'),
});

export const eventsQuery = z.object({
  cluster: clusterName.optional().describe('also send view changes of this cluster'),
  after: z.coerce.number().int().min(0).optional().describe('resume after this event id'),
  runs: z
    .string()
    .max(10_000)
    .optional()
    .describe('tracker run uids, comma-separated: their run events and new-points hints'),
});

export const jobEventSchema = z.object({
  id: z.number(),
  cluster: z.string(),
  jobId: z.string(),
  kind: z.enum(['started', 'requeued', 'finished']),
  run: z.number(),
  at: z.string(),
  node: text,
  reason: text,
  outcome: text,
  exitCode: z.number().optional(),
  hint: text,
});

export const viewChangedSchema = z.object({
  cluster: z.string(),
  view: z.enum(['status', 'jobs']),
  at: z.string(),
});

export const errorSchema = z.object({
  code: z.string(),
  message: z.string(),
  hint: z.string().optional().describe('what to do about it'),
});

export type StatusResponse = z.infer<typeof statusResponse>;
export type NodesResponse = z.infer<typeof nodesResponse>;
export type JobsResponse = z.infer<typeof jobsResponse>;
export type ClustersResponse = z.infer<typeof clustersResponse>;
export type JobEventView = z.infer<typeof jobEventSchema>;
export type ViewChanged = z.infer<typeof viewChangedSchema>;
export type PartitionView = z.infer<typeof partitionSchema>;
export type NodeView = z.infer<typeof nodeSchema>;
export type JobView = z.infer<typeof jobSchema>;

export const tokensResponse = z.object({
  tokens: z.array(
    z.object({
      name: z.string(),
      role: z.enum(['read', 'operate', 'admin']),
      createdAt: z.string(),
      lastUsedAt: z.string().optional(),
    }),
  ),
  /** The tokens submit gave to jobs (role tracker), while they still work. */
  jobTokens: z.array(
    z.object({
      name: z.string(),
      cluster: z.string(),
      jobId: z.string().optional(),
      createdAt: z.string(),
      firstUsedAt: z.string().optional(),
      expiresAt: z.string(),
      lastUsedAt: z.string().optional(),
    }),
  ),
});

const optionText = z.string().max(1000).optional();

export const submitBody = z
  .object({
    scriptText: z
      .string()
      .max(1_000_000)
      .optional()
      .describe('a batch script (#!/bin/bash, #SBATCH lines...)'),
    scriptPath: optionText.describe('a batch script already on the cluster'),
    scriptArgs: z
      .array(z.string().max(1000))
      .max(100)
      .optional()
      .describe('arguments for scriptPath'),
    wrap: optionText.describe('one command line to run as the job'),
    partition: optionText,
    account: optionText,
    time: optionText.describe('time limit: 30, 4:00:00, 2-00:00:00'),
    gpus: optionText.describe('--gpus, e.g. "2" or "a100:2"'),
    gres: optionText,
    cpusPerTask: z.number().int().min(1).optional(),
    mem: optionText,
    nodes: optionText,
    ntasks: z.number().int().min(1).optional(),
    jobName: optionText,
    output: optionText,
    error: optionText,
    chdir: optionText,
    exclude: optionText,
    nodelist: optionText,
    qos: optionText,
    constraint: optionText,
    array: optionText,
    dependency: optionText,
    dryRun: z
      .boolean()
      .optional()
      .describe('sbatch --test-only: nothing is submitted, nothing to confirm'),
    confirmToken: z.string().max(200).optional().describe('from the first call with the same body'),
  })
  .strict();

export const confirmationFields = {
  cluster: z.string(),
  summary: z.string().describe('what the action does (or would do), precisely'),
  confirmToken: z
    .string()
    .optional()
    .describe('single use; send it back with the very same body to act'),
  expiresAt: z.string().optional(),
};

export const submitResponse = z.object({
  ...confirmationFields,
  status: z.enum(['confirmation_required', 'submitted', 'dry_run']),
  jobId: z.string().optional(),
  estimate: testOnlyEstimateSchema.optional(),
});

export const cancelBody = z
  .object({ confirmToken: z.string().max(200).optional().describe('from the first call') })
  .strict();

export const bulkCancelBody = z
  .object({
    jobIds: z.array(z.string().max(50)).max(1000).optional().describe('these jobs; or a filter:'),
    mine: z.boolean().optional().describe('select among your own queued and running jobs'),
    states: z.array(z.string().max(30)).max(30).optional().describe('PENDING, PD, RUNNING, R...'),
    name: z.string().max(200).optional().describe('the exact job name'),
    partitions: z.array(z.string().max(100)).max(50).optional(),
    confirmToken: z
      .string()
      .max(200)
      .optional()
      .describe('from the first call; bound to the exact list shown'),
  })
  .strict();

export const cancelResponse = z.object({
  ...confirmationFields,
  status: z.enum(['confirmation_required', 'cancelled']),
  jobs: z.array(jobSchema).describe('exactly the jobs this call is about'),
  cancelled: z.array(z.string()),
});

export type SubmitBody = z.infer<typeof submitBody>;

export const resubmitResponse = z.object({
  cluster: z.string(),
  jobId: z.string(),
  source: z
    .enum(['controller', 'accounting'])
    .describe('accounting once the controller forgot the job: resources only, no script'),
  options: submitBody
    .omit({ dryRun: true, confirmToken: true })
    .describe("the job's options as a submit body: edit, then POST .../jobs as usual"),
  notes: z
    .array(z.enum(['no-script']))
    .describe('no-script: the cluster no longer has what the job ran; give it again'),
});

const auditField = z.string().min(1).max(100).optional();

export const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).optional().describe('newest first; default 100'),
  face: auditField.describe('only this face: cli, mcp, http...'),
  actor: auditField.describe('only this actor (an API token name, browser...)'),
  action: auditField.describe('only this action: job.cancel, job.submit, notify.test...'),
  before: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .describe('entries older than this id: nextBefore of the page before'),
});

export const auditResponse = z.object({
  entries: z.array(
    z.object({
      id: z.number(),
      at: z.string(),
      face: z.string().describe('cli, mcp, http...'),
      actor: z.string().describe('who, e.g. the API token name'),
      action: z.string(),
      cluster: z.string(),
      target: z.record(z.string(), z.unknown()),
      confirmedVia: z.string(),
      outcome: z.string().describe('done, or failed: CODE'),
    }),
  ),
  nextBefore: z
    .number()
    .optional()
    .describe('pass as before for the next (older) page; absent on the last page'),
});

export const jobOutputQuery = z.object({
  stream: z.enum(['stdout', 'stderr']).optional().describe('default stdout'),
  cursor: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .describe('byte offset from an earlier nextCursor; leave out for the end of the file'),
  maxBytes: z.coerce
    .number()
    .int()
    .min(256)
    .max(64 * 1024)
    .optional()
    .describe('default 8192, at most 65536'),
});

export const jobOutputResponse = z.object({
  cluster: z.string(),
  jobId: z.string(),
  stream: z.enum(['stdout', 'stderr']),
  path: z.string(),
  size: z.number().describe('file size in bytes when read'),
  start: z.number().describe('byte offset of the first byte returned'),
  nextCursor: z.number().describe('pass as cursor to read what follows'),
  more: z.boolean().describe('more output waits past nextCursor'),
  output: z.string().describe('escapes stripped, secrets masked'),
});

const channelNames = z.array(z.string().max(100)).max(50);

export const watchBody = z
  .object({
    jobIds: z.array(z.string().max(50)).min(1).max(500).describe('jobs to watch'),
    notify: channelNames
      .optional()
      .describe('notification channels for their ends (default: the configured defaults)'),
  })
  .strict();

export const watchAddResponse = z.object({
  cluster: z.string(),
  watching: z.array(z.string()),
  alreadyEnded: z.array(z.object({ jobId: z.string(), outcome: z.string() })),
  poller: z
    .enum(['this-server', 'another-process', 'none', 'off'])
    .describe('who asks Slurm about the watched jobs of this cluster'),
  notify: z.array(z.string()),
});

export const watchListResponse = z.object({
  cluster: z.string(),
  jobs: z.array(
    z.object({
      jobId: z.string(),
      name: text,
      user: text,
      addedAt: z.string(),
      channels: z.array(z.string()),
      lastState: text,
      runs: z.number(),
      startedAt: text,
      ended: z.boolean(),
      outcome: text,
      endedAt: text,
      report: jobReportSchema.optional(),
    }),
  ),
});

export const notificationsQuery = z.object({
  state: z
    .enum(['pending', 'sent', 'failed'])
    .optional()
    .describe('only outbox rows in this state'),
  limit: z.coerce.number().int().min(1).max(1000).optional().describe('newest first; default 50'),
});

export const notificationsResponse = z.object({
  channels: z.array(
    z.object({
      name: z.string(),
      kind: text,
      spec: z.string().describe('the address with every secret masked'),
      isDefault: z.boolean(),
      problem: text.describe('why it cannot send (bad spec, missing credential)'),
    }),
  ),
  outbox: z.array(
    z.object({
      id: z.number(),
      channel: z.string(),
      event: z.string().describe('job.finished, notify.test...'),
      cluster: z.string().describe("the job's cluster, '' for a test"),
      jobId: z.string(),
      state: z.enum(['pending', 'sent', 'failed']),
      attempts: z.number(),
      maxAttempts: z.number(),
      nextAttemptAt: text,
      lastStatus: z.number().optional(),
      lastError: text,
      createdAt: z.string(),
      sentAt: text,
    }),
  ),
});

export const notifyTestBody = z
  .object({ channel: z.string().min(1).max(100).describe('a configured channel name') })
  .strict();

export const notifyTestResponse = z.object({
  channel: z.string(),
  delivered: z.boolean(),
  status: z.number().optional().describe('the HTTP status or SMTP reply code'),
  detail: text.describe('what the server said, or the error (secrets masked)'),
});

const sessionPhase = z
  .enum(['connecting', 'queued', 'allocated', 'starting', 'ready', 'failed', 'ended', 'orphaned'])
  .describe('ready: commands can run; failed/ended: start a new one');

export const sessionName = z
  .string()
  .min(1)
  .max(100)
  .describe('a session name, or the tmux name of an orphan from the list');

export const sessionsResponse = z.object({
  cluster: z.string(),
  sessions: z.array(
    z.object({
      name: z.string().describe('for an orphan, its tmux name (stop it with that)'),
      phase: sessionPhase,
      jobId: text,
      node: text,
      attached: z.boolean().describe('someone has it open in tmux now'),
      reason: text,
    }),
  ),
});

export const sessionStatusResponse = z.object({
  cluster: z.string(),
  name: z.string(),
  phase: sessionPhase,
  reason: text.describe("why it failed or ended; for queued, Slurm's pending reason"),
  jobId: text,
  node: text,
  expectedStart: text,
  attempt: z.number(),
  attached: z.boolean(),
  badNodes: z.array(z.object({ node: z.string(), reason: z.string() })),
  timeline: z.array(
    z.object({
      phase: sessionPhase,
      at: z.number().describe('unix seconds'),
      seconds: z.number(),
      attempt: z.number(),
      detail: text,
    }),
  ),
});

const outputBytes = z
  .number()
  .int()
  .min(256)
  .max(64 * 1024);

export const sessionExecBody = z
  .object({
    command: z.string().min(1).max(100_000).describe('one shell command'),
    timeoutSeconds: z
      .number()
      .min(1)
      .max(50)
      .optional()
      .describe('default 25; a longer command keeps running: follow it with output'),
    maxBytes: outputBytes.optional().describe('default 16384'),
  })
  .strict();

/** The live terminal's first size; later sizes come as resize messages. */
export const terminalQuery = z.object({
  cols: z.coerce
    .number()
    .int()
    .min(TERMINAL_LIMITS.cols[0])
    .max(TERMINAL_LIMITS.cols[1])
    .default(80),
  rows: z.coerce
    .number()
    .int()
    .min(TERMINAL_LIMITS.rows[0])
    .max(TERMINAL_LIMITS.rows[1])
    .default(24),
});

export const sessionOutputQuery = z.object({
  cursor: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .describe('from an earlier answer; default: where the last read or exec stopped'),
  wait: z.coerce
    .number()
    .min(0)
    .max(50)
    .optional()
    .describe('seconds to wait for the running command to end, or for new output'),
  maxBytes: z.coerce
    .number()
    .int()
    .min(256)
    .max(64 * 1024)
    .optional()
    .describe('default 16384'),
  peek: z
    .enum(['true', 'false', '1', '0'])
    .transform((v) => v === 'true' || v === '1')
    .optional()
    .describe(
      "look only: the session's cursor and a running command's exit code are left for its caller",
    ),
});

export const sessionOutputResponse = z.object({
  cluster: z.string(),
  name: z.string(),
  output: z.string().describe('what the shell printed: escapes stripped, secrets masked'),
  exitCode: z.number().optional().describe('set once the command has finished'),
  running: z.boolean().describe('the command is still running'),
  more: z.boolean().describe('more output waits past cursor'),
  cursor: z.number().describe('pass as cursor to read on'),
});

export const sessionSendBody = z
  .object({
    text: z.string().max(100_000),
    enter: z.boolean().optional().describe('press Enter after the text (default true)'),
  })
  .strict();

export const sessionCtrlBody = z
  .object({ key: z.enum(['c', 'd', 'z', '\\']).describe('ctrl-c, ctrl-d, ctrl-z or ctrl-\\') })
  .strict();

export const sessionInputResponse = z.object({
  cluster: z.string(),
  name: z.string(),
  cursor: z.number().describe('read what followed from here'),
});

export const sessionStartBody = z
  .object({
    name: z.string().min(1).max(40).describe('letters, digits, - and _'),
    partition: optionText,
    gpus: optionText.describe('e.g. "1" or "a100:2"'),
    cpus: z.number().int().min(1).optional(),
    mem: optionText.describe('e.g. 16G'),
    time: optionText.describe('time limit, e.g. 2:00:00'),
    exclude: z.array(z.string().max(1000)).max(100).optional().describe('nodes to avoid'),
    containerArgs: z
      .array(z.string().max(1000))
      .max(50)
      .optional()
      .describe('e.g. ["--container-image=nvcr.io#nvidia/pytorch:24.05-py3"]'),
    idleReleaseMinutes: z.number().positive().optional().describe('end it after this long unused'),
    confirmToken: z.string().max(200).optional().describe('from the first call with the same body'),
  })
  .strict();

export const sessionStartResponse = z.object({
  ...confirmationFields,
  name: z.string(),
  status: z.enum(['confirmation_required', 'started']),
  phase: sessionPhase.optional().describe('absent when nothing was started; poll the status'),
  jobId: text,
});

export const sessionStopResponse = z.object({
  ...confirmationFields,
  name: z.string(),
  status: z.enum(['confirmation_required', 'stopped']),
  released: z.array(z.string()).describe('job ids released'),
  left: z.array(z.string()).describe('jobs of the session still in the queue (should be none)'),
});
