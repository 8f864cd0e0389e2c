import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { isSlurmdeckError, SlurmdeckError } from '../../core/errors.js';
import { assertJobId, type AccountingRecord, type JobDetail } from '../../slurm/index.js';
import type { McpDeps } from '../deps.js';
import { guard } from '../guard.js';
import { toolResult } from '../tool-result.js';
import { CLUSTER_TEXT_NOTE, fencedClusterText } from '../untrusted-text.js';
import { clock } from './job-view.js';
import { clusterArg, jobIdArg, READ_CLUSTER } from './schemas.js';

const detailShape = z.object({
  id: z.string(),
  name: z.string(),
  user: z.string(),
  partition: z.string().optional(),
  state: z.string(),
  reason: z.string().optional(),
  nodes: z.string().optional(),
  gpus: z.number().optional(),
  exitCode: z.number().optional(),
  signal: z.number().optional(),
  cancelledBy: z.string().optional(),
  elapsedSeconds: z.number().optional(),
  timeLimitSeconds: z.number().nullable().optional(),
  submitTime: z.string().optional(),
  startTime: z.string().optional(),
  endTime: z.string().optional(),
  workDir: z.string().optional(),
  stdout: z.string().optional(),
  stderr: z.string().optional(),
  command: z.string().optional(),
  maxRssBytes: z.number().optional(),
  requestedMemory: z.string().optional(),
});

type Detail = z.infer<typeof detailShape>;

const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '')) as T;

function fromController(job: JobDetail, redact: (t: string) => string): Detail {
  return defined({
    id: job.id,
    name: job.name,
    user: job.user,
    partition: job.partition,
    state: job.state,
    reason: job.reason,
    nodes: job.nodeList,
    gpus: job.gpus,
    exitCode: job.exitCode,
    signal: job.signal,
    elapsedSeconds: job.elapsedSeconds,
    timeLimitSeconds: job.timeLimitSeconds,
    submitTime: job.submitTime,
    startTime: job.startTime,
    workDir: job.workDir,
    stdout: job.stdout,
    stderr: job.stderr,
    command: job.command === undefined ? undefined : redact(job.command),
  });
}

function fromAccounting(record: AccountingRecord): Detail {
  return defined({
    id: record.id,
    name: record.name,
    user: record.user,
    partition: record.partition,
    state: record.state,
    reason: record.reason,
    nodes: record.nodeList,
    gpus: record.allocGpus,
    exitCode: record.exitCode,
    signal: record.signal,
    cancelledBy: record.cancelledBy,
    elapsedSeconds: record.elapsedSeconds,
    timeLimitSeconds: record.timeLimitSeconds,
    submitTime: record.submitTime,
    startTime: record.startTime,
    endTime: record.endTime,
    workDir: record.workDir,
    maxRssBytes: record.maxRssBytes,
    requestedMemory: record.reqMemory,
  });
}

export function registerJobDetailsTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'job_details',
    {
      title: 'One job in detail',
      description:
        "One job: live from the controller while queued or running (nodes, output files, why it waits), else from accounting once finished (exit code, signal, peak memory). If slurmdeck watches the job, also how it ended and what to do about it. For the job's output use job_output.",
      inputSchema: { cluster: clusterArg, jobId: jobIdArg },
      outputSchema: {
        cluster: z.string(),
        source: z.enum(['controller', 'accounting']),
        job: detailShape,
        watched: z
          .object({
            ended: z.boolean(),
            outcome: z.string().optional(),
            hint: z.string().optional(),
            runs: z.number(),
          })
          .optional()
          .describe('present when slurmdeck watches this job'),
        untrusted: z.string(),
      },
      annotations: READ_CLUSTER,
    },
    guard(deps, async (args) => {
      const jobId = assertJobId(args.jobId);
      const { name, slurm } = deps.cluster(args.cluster);
      let source: 'controller' | 'accounting' = 'controller';
      let job: Detail;
      try {
        job = fromController(await slurm.getJob(jobId), deps.redact);
      } catch (error) {
        // The controller forgets a job MinJobAge after it ends; accounting remembers.
        if (!isSlurmdeckError(error, 'JOB_NOT_FOUND')) throw error;
        const [record] = await slurm.accounting({ jobIds: [jobId], users: ['*'] });
        if (!record) {
          throw new SlurmdeckError('JOB_NOT_FOUND', `no job ${jobId} on cluster ${name}`, {
            cause: error,
            hint: 'Check the id with list_jobs (allUsers for other users), or the cluster name.',
          });
        }
        source = 'accounting';
        job = fromAccounting(record);
      }
      const seen = deps.watchStore.get(name, jobId);
      const watched = seen && {
        ended: seen.ended,
        runs: seen.runs,
        ...(seen.outcome ? { outcome: seen.outcome } : {}),
        ...(seen.report?.hint ? { hint: seen.report.hint } : {}),
      };
      const details = [
        `job ${job.id} "${job.name}" of ${job.user} on ${name}: ${job.state}${job.reason ? ` (${job.reason})` : ''}`,
        job.nodes ? `nodes ${job.nodes}` : undefined,
        `elapsed ${clock(job.elapsedSeconds)}`,
        job.exitCode === undefined
          ? undefined
          : `exit code ${job.exitCode}${job.signal ? ` signal ${job.signal}` : ''}`,
        job.stdout ? `stdout ${job.stdout}` : undefined,
        watched?.hint ? `hint: ${watched.hint}` : undefined,
      ]
        .filter(Boolean)
        .join('; ');
      const text = `job ${job.id} on ${name}: ${job.state} (from the ${source}).\n${fencedClusterText(`job ${job.id}`, deps.redact(details))}`;
      return toolResult(
        {
          cluster: name,
          source,
          job,
          ...(watched ? { watched } : {}),
          untrusted: CLUSTER_TEXT_NOTE,
        },
        text,
      );
    }),
  );
}
