import type { NodeRow } from '../node-row.js';
import type { Target } from '../targets/resolve-targets.js';
import { drained, resumeVerdict } from '../recover/resume-policy.js';
import { slurmdeckReason } from './drain-reason.js';

export type StateChange = 'drain' | 'resume';

export interface StateChangeRequest {
  change: StateChange;
  /** Drain only: the admin's words; stored as `slurmdeck: ...`. */
  reason?: string;
  /** Resume only: also a drain an admin set with their own reason, or a node with a reboot pending. */
  force?: boolean;
}

/** One node's part: its Slurm state before, what was asked, and (once applied) after. */
export interface StateChangeDetail {
  before: string | undefined;
  reasonBefore: string | undefined;
  requested: string;
  after?: string;
  reasonAfter?: string;
}

export interface StateChangePlan {
  change: StateChange;
  /** The reason Slurm will store (drain), prefixed `slurmdeck:`. */
  reason: string | undefined;
  force: boolean;
  /** Nodes that will change, in the targets' order. */
  changing: string[];
  /** planned: will change; ok: nothing to do; failed: refused, with why. */
  rows: Array<NodeRow<StateChangeDetail>>;
}

export { drained as isDrained };

const quoted = (reason: string | undefined) => (reason ? `"${reason}"` : 'no reason');

/**
 * What a drain or resume would do to each target, from Slurm's state alone (pure): a drain
 * leaves drained nodes as they are (an admin's reason is never overwritten); a resume lifts only
 * what slurmdeck drained or Slurm itself marked down, unless forced.
 */
export function planStateChange(
  targets: readonly Target[],
  request: StateChangeRequest,
): StateChangePlan {
  const reason = request.change === 'drain' ? slurmdeckReason(request.reason) : undefined;
  const force = request.force === true;
  const requested = request.change === 'drain' ? `drain: ${reason}` : 'resume';
  const rows = targets.map((target): NodeRow<StateChangeDetail> => {
    const node = target.slurm;
    const detail: StateChangeDetail = {
      before: node?.stateRaw,
      reasonBefore: node?.reason,
      requested,
    };
    const row = (outcome: 'planned' | 'ok' | 'failed', summary: string) => ({
      node: target.name,
      outcome,
      summary,
      detail,
    });
    if (!node) return row('failed', 'not a node of this cluster (Slurm does not know it)');
    if (request.change === 'drain') {
      if (drained(node)) {
        return row('ok', `already ${node.stateRaw} (${quoted(node.reason)}): left as it is`);
      }
      return row('planned', `${node.stateRaw} -> drain`);
    }
    // The same rule as `admin recover`: what slurmdeck drained or Slurm itself set down.
    const verdict = resumeVerdict(node, force);
    if (verdict.inService) return row('ok', `${verdict.why}, nothing to resume`);
    if (!verdict.resume) return row('failed', `${verdict.why}; force to resume it`);
    return row('planned', `${node.stateRaw} (${quoted(node.reason)}) -> resume`);
  });
  return {
    change: request.change,
    reason,
    force,
    changing: rows.filter((r) => r.outcome === 'planned').map((r) => r.node),
    rows,
  };
}

/** One paragraph for a confirmation: what changes, what is left alone and why. */
export function describePlan(plan: StateChangePlan, cluster: string): string {
  const what =
    plan.change === 'drain'
      ? `Drain ${plan.changing.length} node(s) on cluster ${cluster} with reason "${plan.reason}": no new jobs start there; running jobs go on.`
      : `Resume ${plan.changing.length} node(s) on cluster ${cluster}${plan.force ? ' (forced: admin drains too)' : ''}: they take jobs again.`;
  const lines = plan.rows.map((r) => `${r.node}: ${r.summary}`);
  return [what, ...lines].join('\n');
}
