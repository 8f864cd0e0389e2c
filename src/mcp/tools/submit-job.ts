import { existsSync, readFileSync } from 'node:fs';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { SlurmdeckError } from '../../core/errors.js';
import type { SubmitOptions, SubmitRequest } from '../../slurm/index.js';
import type { ClusterHandle } from '../../sites/index.js';
import type { McpDeps } from '../deps.js';
import { guard } from '../guard.js';
import { toolResult } from '../tool-result.js';
import { pollerText, watchChannels, watchJobs } from '../watch-jobs.js';
import { clusterArg } from './schemas.js';

const options = {
  partition: z.string().optional().describe('default: the cluster default'),
  account: z.string().optional(),
  time: z.string().optional().describe('time limit: 30, 4:00:00, 2-00:00:00'),
  gpus: z.string().optional().describe('--gpus, e.g. "2" or "a100:2"'),
  gres: z.string().optional().describe('e.g. gpu:a100:2'),
  cpusPerTask: z.number().int().min(1).optional(),
  mem: z.string().optional().describe('memory per node, e.g. 16G'),
  nodes: z.string().optional().describe('e.g. 2 or 1-4'),
  ntasks: z.number().int().min(1).optional(),
  jobName: z.string().optional(),
  output: z.string().optional().describe('stdout file pattern, e.g. logs/%x-%j.out'),
  error: z.string().optional(),
  chdir: z.string().optional().describe('working directory on the cluster'),
  exclude: z.string().optional(),
  nodelist: z.string().optional(),
  qos: z.string().optional(),
  constraint: z.string().optional(),
  array: z.string().optional().describe('e.g. 0-15%4'),
  dependency: z.string().optional().describe('e.g. afterok:123'),
};

type Args = { [K in keyof typeof options]?: string | number } & {
  scriptText?: string;
  scriptPath?: string;
  localScriptPath?: string;
  scriptArgs?: string[];
  wrap?: string;
};

function request(handle: ClusterHandle, args: Args): SubmitRequest {
  const opts: SubmitOptions = {};
  for (const key of Object.keys(options) as Array<keyof typeof options>) {
    if (args[key] !== undefined) Object.assign(opts, { [key]: args[key] });
  }
  opts.partition ??= handle.config.defaults.partition;
  opts.account ??= handle.config.defaults.account;
  for (const key of Object.keys(opts) as Array<keyof SubmitOptions>) {
    if (opts[key] === undefined) delete opts[key];
  }
  const given = (['scriptText', 'scriptPath', 'localScriptPath', 'wrap'] as const).filter(
    (k) => args[k] !== undefined,
  );
  if (given.length !== 1) {
    throw new SlurmdeckError(
      'INVALID_ARGUMENT',
      given.length === 0 ? 'nothing to submit' : `give one of ${given.join(', ')}, not several`,
      {
        hint: 'Pass exactly one of scriptText, scriptPath (on the cluster), localScriptPath or wrap.',
      },
    );
  }
  if (args.scriptArgs?.length && args.scriptPath === undefined) {
    throw new SlurmdeckError('INVALID_ARGUMENT', 'scriptArgs need scriptPath', {
      hint: 'Put the arguments in the script text, or submit a script that is on the cluster.',
    });
  }
  if (args.wrap !== undefined) return { ...opts, wrap: args.wrap };
  if (args.scriptText !== undefined) return { ...opts, scriptText: args.scriptText };
  if (args.scriptPath !== undefined) {
    return {
      ...opts,
      script: args.scriptPath,
      ...(args.scriptArgs ? { args: args.scriptArgs } : {}),
    };
  }
  const local = args.localScriptPath as string;
  if (!existsSync(local)) {
    throw new SlurmdeckError('INVALID_ARGUMENT', `no such script on this machine: ${local}`, {
      hint: 'Check the path; for a script on the cluster use scriptPath.',
    });
  }
  return handle.transport.kind === 'local'
    ? { ...opts, script: local }
    : { ...opts, scriptText: readFileSync(local, 'utf8') };
}

export function registerSubmitJobTool(server: McpServer, deps: McpDeps): void {
  server.registerTool(
    'submit_job',
    {
      title: 'Submit a batch job',
      description:
        'Submit a batch job with sbatch: script text, a script path on the cluster, a script on this machine, or one command line (wrap). dryRun asks Slurm when and where it would start without submitting (--test-only). watch adds it to the watch list so wait_for_events reports when it starts and ends (and notification channels hear of it). Never run heavy work on the login node: submit it.',
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
        ...options,
        dryRun: z.boolean().optional().describe('sbatch --test-only: nothing is submitted'),
        watch: z.boolean().optional().describe('report its start and end through wait_for_events'),
        notify: z
          .array(z.string())
          .optional()
          .describe(
            'notification channels for its end (with watch; default: the configured defaults)',
          ),
      },
      outputSchema: {
        cluster: z.string(),
        status: z.enum(['submitted', 'dry_run']),
        jobId: z.string().optional(),
        estimate: z
          .object({
            startTime: z.string(),
            nodes: z.string(),
            partition: z.string(),
            processors: z.number(),
          })
          .optional(),
        watched: z.boolean(),
        notify: z.array(z.string()),
      },
      annotations: {
        readOnlyHint: false,
        destructiveHint: false,
        idempotentHint: false,
        openWorldHint: true,
      },
    },
    guard(deps, async (args) => {
      const handle = deps.cluster(args.cluster);
      const req = request(handle, args);
      if (args.dryRun) {
        const estimate = await handle.slurm.testSubmit(req);
        return toolResult(
          {
            cluster: handle.name,
            status: 'dry_run',
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
      const channels = args.watch ? watchChannels(deps, args.notify) : [];
      const { jobId } = await handle.slurm.submit(req);
      const poller = args.watch ? watchJobs(deps, handle.name, [jobId], channels) : undefined;
      const text = `Submitted job ${jobId} on cluster ${handle.name}.${
        poller
          ? ` Watching it (${pollerText(poller)}): call wait_for_events to hear when it starts and ends.`
          : ' Not watched: pass watch: true, or call watch_jobs, to get its events.'
      }`;
      return toolResult(
        {
          cluster: handle.name,
          status: 'submitted',
          jobId,
          watched: Boolean(poller),
          notify: channels,
        },
        text,
      );
    }),
  );
}
