import { z } from 'zod';
import {
  openAdminSession,
  type AdminSession,
  type Finding,
  type NodeRow,
  type NodeStatus,
  type StateChangeDetail,
  type Target,
  type TargetSpec,
} from '../../admin/index.js';
import type { McpDeps } from '../deps.js';

/** Inputs and outputs the admin tools share. */
export const nodesArg = z
  .string()
  .min(1)
  .max(4000)
  .describe("nodes in Slurm's hostlist syntax, e.g. n[1-3,7],gpu[01-04]; or `all`");

export const stateArg = z
  .string()
  .max(200)
  .optional()
  .describe("only nodes in these Slurm states, e.g. 'idle*,down,drain'");

export const targetSpec = (nodes: string, state?: string): TargetSpec => ({
  ...(nodes === 'all' ? { all: true } : { hostlist: nodes }),
  ...(state !== undefined ? { state } : {}),
});

const outcome = z.enum(['ok', 'changed', 'failed', 'planned']);

export const statusRowShape = z.object({
  node: z.string(),
  outcome,
  summary: z.string(),
  slurmState: z.string().optional(),
  reason: z.string().optional(),
  mungedRunning: z.boolean().optional(),
  slurmdRunning: z.boolean().optional(),
  keyMatches: z
    .boolean()
    .optional()
    .describe(
      "the auth key's checksum (munge.key, or slurm.key under auth/slurm) equals the controller's",
    ),
  confMatches: z.boolean().optional().describe("slurm.conf checksum equals the controller's"),
  clockOffsetS: z.number().optional(),
  controllerPortOpen: z.boolean().optional(),
  crossDecode: z.string().optional().describe("the controller's credential decoded on the node"),
});

export const findingShape = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning']),
  problem: z.string(),
  evidence: z.array(z.string()),
  fix: z.string(),
});

export const changeRowShape = z.object({
  node: z.string(),
  outcome,
  summary: z.string(),
  before: z.string().optional(),
  after: z.string().optional(),
});

/** One status row for an agent: the facts that decide, checksums compared, no key or log. */
export function statusRowView(row: NodeRow<NodeStatus>): z.infer<typeof statusRowShape> {
  const s = row.detail;
  const base = { node: row.node, outcome: row.outcome, summary: row.summary };
  if (!s) return base;
  return {
    ...base,
    ...(s.slurm ? { slurmState: s.slurm.stateRaw } : {}),
    ...(s.slurm?.reason ? { reason: s.slurm.reason } : {}),
    mungedRunning: s.munged.running,
    slurmdRunning: s.slurmd.running,
    ...(s.keyMatches === undefined ? {} : { keyMatches: s.keyMatches }),
    ...(s.confMatches === undefined ? {} : { confMatches: s.confMatches }),
    ...(s.clock ? { clockOffsetS: Math.round(s.clock.offsetS * 10) / 10 } : {}),
    ...(s.controllerPort ? { controllerPortOpen: s.controllerPort.open } : {}),
    ...(s.crossDecode
      ? {
          crossDecode: s.crossDecode.ok
            ? 'ok'
            : s.crossDecode.message || `error ${s.crossDecode.code}`,
        }
      : {}),
  };
}

export function changeRowView(row: NodeRow<StateChangeDetail>): z.infer<typeof changeRowShape> {
  return {
    node: row.node,
    outcome: row.outcome,
    summary: row.summary,
    ...(row.detail?.before ? { before: row.detail.before } : {}),
    ...(row.detail?.after ? { after: row.detail.after } : {}),
  };
}

export const findingView = (f: Finding): z.infer<typeof findingShape> => ({
  code: f.code,
  severity: f.severity,
  problem: f.problem,
  evidence: f.evidence,
  fix: f.fix,
});

/** Runs `body` with the cluster's admin session and the targets; closes its ssh after. */
export async function withAdminTargets<T>(
  deps: McpDeps,
  cluster: string | undefined,
  spec: TargetSpec,
  body: (session: AdminSession, targets: Target[], name: string) => Promise<T>,
): Promise<T> {
  const handle = deps.cluster(cluster);
  const session = (deps.openAdmin ?? openAdminSession)(handle);
  try {
    return await body(session, await session.selectTargets(spec), handle.name);
  } finally {
    await session.close();
  }
}
