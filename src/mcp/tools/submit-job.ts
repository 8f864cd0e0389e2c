import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { showControls } from '../../core/clean-text.js';
import { SlurmdeckError } from '../../core/errors.js';
import {
  allocationOf,
  checkAgainstCluster,
  submitRequest,
  type SubmitInput,
} from '../../jobs/submit-request.js';
import {
  submitOptionsShape,
  testOnlyEstimateSchema,
  type SubmitRequest,
} from '../../slurm/index.js';
import type { ClusterHandle } from '../../sites/index.js';
import { allocationText } from '../allocation-summary.js';
import { confirmAction, confirmationFields, confirmTokenArg } from '../confirm.js';
import type { McpDeps } from '../deps.js';
import { guard, callerName } from '../guard.js';
import { toolResult } from '../tool-result.js';
import type { PollerStatus } from '../../jobs/index.js';
import { submitWithTracker, watchChannels, watchJobs } from '../../workspace/index.js';
import { pollerText } from '../poller-text.js';
import { clusterArg, ALLOCATES } from './schemas.js';

type Args = SubmitInput;

/** The request these arguments ask for, checked in full: the one validation every face uses. */
function request(handle: ClusterHandle, args: Args): SubmitRequest {
  return submitRequest(
    args,
    { transport: handle.transport, defaults: handle.config.defaults },
    {
      missing:
        'Check the path on the machine running slurmdeck; for a script on the cluster use scriptPath.',
    },
  );
}

/** The script text a request runs, when there is one: for the summary and to bind the token. */
async function scriptOf(
  handle: ClusterHandle,
  args: Args,
  req: SubmitRequest,
): Promise<{ text: string | undefined; where: string }> {
  if ('wrap' in req) return { text: undefined, where: `the command line: ${req.wrap}` };
  if (args.scriptText !== undefined) {
    return {
      text: args.scriptText,
      where: `the script text given (${Buffer.byteLength(args.scriptText)} bytes)`,
    };
  }
  if (args.localScriptPath !== undefined) {
    return {
      text: readFileSync(args.localScriptPath, 'utf8'),
      where: `the script ${args.localScriptPath} on this machine`,
    };
  }
  const path = args.scriptPath as string;
  const read = await handle.transport.exec(['head', '-c', String(MAX_SCRIPT), '--', path]);
  return read.exitCode === 0
    ? { text: read.stdout, where: `the script ${path} on the cluster` }
    : {
        text: undefined,
        where: `the script ${path} on the cluster (not readable now: its #SBATCH lines may ask for more than this)`,
      };
}

const MAX_SCRIPT = 1_000_000;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function registerSubmitJobTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'submit_job',
    {
      title: 'Submit a batch job',
      description:
        "Submit a batch job with sbatch: script text, a script path on the cluster, a script on this machine, or one command line (wrap). A job allocates billed resources, so it asks first: the user confirms in the client when it can ask (elicitation); otherwise the first call submits nothing and returns a summary of what would be allocated (partition, GPUs, CPUs, nodes, memory, time limit, counting the script's #SBATCH lines) and a confirmToken: show the summary to the user, and only if they agree call again with the same arguments plus confirmToken. dryRun asks Slurm when and where it would start without submitting (--test-only) and needs no confirmation. watch adds it to the watch list so wait_for_events reports when it starts and ends (and notification channels hear of it). Once submitted, the result always carries its jobId; if a step after the submission failed (the watch list), status is still submitted and warnings says what failed: never submit it again then. Never run heavy work on the login node: submit it.",
      inputSchema: {
        cluster: clusterArg,
        scriptText: z
          .string()
          .max(1_000_000)
          .optional()
          .describe('a batch script (#!/bin/bash, #SBATCH lines...)'),
        scriptPath: z.string().optional().describe('a batch script already on the cluster'),
        localScriptPath: z
          .string()
          .optional()
          .describe('a batch script on the machine running this server'),
        scriptArgs: z.array(z.string()).optional().describe('arguments for scriptPath'),
        wrap: z.string().optional().describe('one command line to run as the job'),
        ...submitOptionsShape,
        dryRun: z
          .boolean()
          .optional()
          .describe('sbatch --test-only: nothing is submitted, nothing to confirm'),
        watch: z.boolean().optional().describe('report its start and end through wait_for_events'),
        notify: z
          .array(z.string())
          .optional()
          .describe(
            'notification channels for its end (with watch; default: the configured defaults)',
          ),
        confirmToken: confirmTokenArg,
      },
      outputSchema: {
        cluster: z.string(),
        ...confirmationFields,
        status: z
          .enum(['submitted', 'dry_run', 'declined', 'confirmation_required'])
          .describe(
            'submitted: the job is queued; dry_run: nothing submitted; declined: the user said no; confirmation_required: nothing submitted yet, see confirmToken',
          ),
        jobId: z.string().optional(),
        estimate: testOnlyEstimateSchema.optional(),
        watched: z.boolean(),
        notify: z.array(z.string()),
        warnings: z
          .array(z.string())
          .optional()
          .describe('what failed after the job was submitted (it is queued all the same)'),
      },
      annotations: ALLOCATES,
    },
    guard(deps, async (args, extra) => {
      const handle = deps.cluster(args.cluster);
      const req = request(handle, args);
      const script = await scriptOf(handle, args, req);
      // What the cluster would refuse is found now: never ask for a call that cannot run.
      await checkAgainstCluster(handle.slurm, req, script.text);
      const allocation = allocationText(allocationOf(req, script.text));
      if (args.dryRun) {
        const estimate = await handle.slurm.testSubmit(req);
        return toolResult(
          {
            cluster: handle.name,
            status: 'dry_run',
            summary: deps.redact(`Would allocate: ${allocation}.`),
            estimate: {
              startTime: estimate.startTime,
              nodes: estimate.nodes,
              partition: estimate.partition,
              processors: estimate.processors,
            },
            watched: false,
            notify: [],
          },
          `Would start at ${estimate.startTime} on ${estimate.nodes} (partition ${estimate.partition}, ${estimate.processors} CPUs). Nothing was submitted.`,
        );
      }
      // Channels are checked before anything is asked or submitted: a typo costs nothing.
      const channels = args.watch ? watchChannels(deps, args.notify) : [];
      const name = req.jobName;
      // What the user says yes to shows every control character: a `\r` cannot hide what runs.
      const summary = showControls(
        deps.redact(
          `Submit a job${name ? ` "${name}"` : ''} on cluster ${handle.name}, running ${script.where}. Once it runs it holds, and bills: ${allocation}, until it ends or reaches its time limit.`,
        ),
      );
      const { confirmToken: _token, cluster: _cluster, ...rest } = args;
      // Bound to the arguments and to the script as read now: an edited script needs a new yes.
      const bound = {
        ...rest,
        cluster: handle.name,
        ...(script.text !== undefined && args.scriptText === undefined
          ? { scriptSha256: sha256(script.text) }
          : {}),
      };
      const confirmation = await confirmAction(server, extra, deps, {
        tool: 'submit_job',
        cluster: handle.name,
        args: bound,
        confirmToken: args.confirmToken,
        summary,
        question: 'Submit this job?',
      });
      if (!confirmation.confirmed) {
        const base = confirmation.result.structuredContent ?? {};
        return {
          ...confirmation.result,
          structuredContent: { cluster: handle.name, ...base, watched: false, notify: [] },
        };
      }
      // Once sbatch has answered, the job exists: whatever fails after (the audit row, the
      // watch list) is reported beside its id, never instead of it, so nobody submits it twice.
      let jobId: string | undefined;
      const later: unknown[] = [];
      try {
        await deps.audit.run(
          {
            face: 'mcp',
            actor: callerName(extra),
            action: 'job.submit',
            cluster: handle.name,
            target: auditTarget(args, req, allocation, script.text),
            confirmedVia: confirmation.via,
          },
          async () => ({ jobId } = await submitWithTracker(deps, handle, req, script.text)),
        );
      } catch (error) {
        if (jobId === undefined) throw error;
        later.push(error);
      }
      if (jobId === undefined) throw new Error('sbatch gave no job id');
      let poller: PollerStatus | undefined;
      if (args.watch) {
        try {
          poller = watchJobs(deps, handle.name, [jobId], channels);
        } catch (error) {
          later.push(error);
        }
      }
      const warnings = later.map((error) => deps.redact(problemText(error)));
      const watchText = poller
        ? ` Watching it (${pollerText(poller)}): call wait_for_events to hear when it starts and ends.`
        : args.watch
          ? ` Not watched: adding it to the watch list failed; call watch_jobs with jobIds ["${jobId}"].`
          : ' Not watched: pass watch: true, or call watch_jobs, to get its events.';
      const warningText = warnings.length
        ? ` Warning, after the submission: ${warnings.join('; ')}. The job is queued all the same: do not submit it again.`
        : '';
      return toolResult(
        {
          cluster: handle.name,
          status: 'submitted',
          summary,
          jobId,
          watched: Boolean(poller),
          notify: channels,
          ...(warnings.length ? { warnings } : {}),
        },
        `Submitted job ${jobId} on cluster ${handle.name}.${watchText}${warningText}`,
      );
    }),
  );
}

/** A failure after the job exists, as one line: its code and message. */
function problemText(error: unknown): string {
  if (error instanceof SlurmdeckError) return `${error.code}: ${error.message}`;
  return `INTERNAL: ${error instanceof Error ? error.message : String(error)}`;
}

/** What the audit log keeps of a submission: where the script came from and what it holds, never its text. */
function auditTarget(args: Args, req: SubmitRequest, allocation: string, text: string | undefined) {
  return {
    ...(req.jobName ? { jobName: req.jobName } : {}),
    allocation,
    ...(args.scriptPath ? { scriptPath: args.scriptPath } : {}),
    ...(args.localScriptPath ? { localScriptPath: args.localScriptPath } : {}),
    ...('wrap' in req ? { wrap: req.wrap } : {}),
    ...(text !== undefined ? { scriptSha256: sha256(text) } : {}),
  };
}
