import type { AuditAction, AuditFace, AuditLog, ConfirmedVia } from '../../audit/index.js';
import { fanOut } from '../fan-out.js';
import { failedRow, type NodeRow } from '../node-row.js';
import type { Target } from '../targets/resolve-targets.js';

/** What one node needs: the steps (none: it is fine as it is), and its state before and after. */
export interface NodePlan {
  target: Target;
  /** Steps in words, e.g. "write /etc/munge/munge.key", "restart munged"; empty: nothing to do. */
  steps: string[];
  /** For the row and the audit log: checksums and states, never a secret. */
  before: string;
  requested: string;
  /** Why nothing is needed, when nothing is. */
  fine: string;
}

/** One changing admin operation: read-only inspection, then the change, then the check. */
export interface ChangeOperation<P extends NodePlan> {
  action: AuditAction;
  inspect(target: Target, signal?: AbortSignal): Promise<P>;
  /** Does the steps and verifies them; resolves with the state after (checksums only). */
  apply(plan: P, signal?: AbortSignal): Promise<{ after: string; summary: string }>;
  /** Once, after every node that changed (e.g. `scontrol reconfigure`): a note for the report. */
  finish?(changed: readonly P[], signal?: AbortSignal): Promise<string | undefined>;
}

export interface ChangeDetail {
  steps: string[];
  before: string;
  requested: string;
  after?: string;
}

export interface ChangeReport {
  rows: Array<NodeRow<ChangeDetail>>;
  /** The person said no (or could not be asked): nothing was changed. */
  declined: boolean;
  dryRun: boolean;
  notes: string[];
}

export interface ChangeOptions {
  /** Inspect and say what would be done; change nothing. */
  dryRun?: boolean;
  /**
   * Asked once with every node that needs a change, before any change; how the person agreed
   * (for the audit log), or undefined when they did not. Not asked when nothing is to be done.
   */
  confirm(plans: readonly NodePlan[]): Promise<ConfirmedVia | undefined>;
  /** `face` defaults to the one the log was opened for (MCP at serve's /mcp names its own). */
  audit?: { log: AuditLog; cluster: string; actor?: string; face?: AuditFace };
  concurrency?: number;
  signal?: AbortSignal;
}

const detail = (plan: NodePlan, after?: string): ChangeDetail => ({
  steps: plan.steps,
  before: plan.before,
  requested: plan.requested,
  ...(after !== undefined ? { after } : {}),
});

/**
 * Runs one operation over the targets: inspects every node (read-only), asks once for the nodes
 * that need a change, changes them in parallel, and writes one audit entry per changed node
 * (who, node, before, requested, after). Nodes already right are `ok` and never touched, so a
 * second run changes nothing and says so.
 */
export async function runChange<P extends NodePlan>(
  operation: ChangeOperation<P>,
  targets: readonly Target[],
  options: ChangeOptions,
): Promise<ChangeReport> {
  const fan = { concurrency: options.concurrency, signal: options.signal };
  const inspected = await fanOut(targets, (t) => operation.inspect(t, options.signal), fan);
  const rows: Array<NodeRow<ChangeDetail>> = [];
  const todo: P[] = [];
  inspected.forEach((result, i) => {
    const node = targets[i]?.name ?? '?';
    if (result.status === 'rejected') rows[i] = failedRow(node, result.reason);
    else if (result.value.steps.length === 0) {
      rows[i] = { node, outcome: 'ok', summary: result.value.fine, detail: detail(result.value) };
    } else todo.push(result.value);
  });
  const index = (plan: P) => targets.indexOf(plan.target);
  const planned = (plan: P) => ({
    node: plan.target.name,
    outcome: 'planned' as const,
    summary: `would ${plan.steps.join(', then ')}`,
    detail: detail(plan),
  });
  const report = (declined: boolean, notes: string[] = []): ChangeReport => ({
    rows,
    declined,
    dryRun: options.dryRun === true,
    notes,
  });
  if (options.dryRun || todo.length === 0) {
    for (const plan of todo) rows[index(plan)] = planned(plan);
    return report(false);
  }
  const via = await options.confirm(todo);
  if (!via) {
    for (const plan of todo) rows[index(plan)] = planned(plan);
    return report(true);
  }
  const applied = await fanOut(todo, (plan) => operation.apply(plan, options.signal), fan);
  const changed: P[] = [];
  applied.forEach((result, i) => {
    const plan = todo[i] as P;
    const node = plan.target.name;
    const after = result.status === 'fulfilled' ? result.value.after : undefined;
    options.audit?.log.record(
      {
        action: operation.action,
        cluster: options.audit.cluster,
        ...(options.audit.face !== undefined ? { face: options.audit.face } : {}),
        ...(options.audit.actor !== undefined ? { actor: options.audit.actor } : {}),
        target: { node, before: plan.before, requested: plan.requested, after: after ?? '?' },
        confirmedVia: via,
      },
      result.status === 'fulfilled' ? 'done' : failedOutcome(result.reason),
    );
    if (result.status === 'rejected') {
      rows[index(plan)] = { ...failedRow(node, result.reason), detail: detail(plan) };
      return;
    }
    changed.push(plan);
    rows[index(plan)] = {
      node,
      outcome: 'changed',
      summary: result.value.summary,
      detail: detail(plan, result.value.after),
    };
  });
  const note = changed.length ? await operation.finish?.(changed, options.signal) : undefined;
  return report(false, note ? [note] : []);
}

function failedOutcome(reason: unknown): string {
  const code = (reason as { code?: unknown } | undefined)?.code;
  return `failed: ${typeof code === 'string' ? code : 'INTERNAL'}`;
}
