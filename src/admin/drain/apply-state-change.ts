import type { AuditLog, AuditRecord } from '../../audit/index.js';
import { updateNodes } from '../../slurm/update-nodes.js';
import type { Transport } from '../../transport/types.js';
import { failedRow, type NodeRow } from '../node-row.js';
import { nodeInventory, type InventoryNode } from '../targets/node-inventory.js';
import { isDrained, type StateChangeDetail, type StateChangePlan } from './plan-state-change.js';

const TIMEOUT_MS = 30_000;

/** Who asked and how they agreed: the audit entry of the change, written whatever happens. */
export interface StateChangeAudit {
  log: AuditLog;
  entry: Pick<AuditRecord, 'cluster' | 'confirmedVia'> &
    Partial<Pick<AuditRecord, 'face' | 'actor'>>;
}

export interface StateChangeOptions {
  audit?: StateChangeAudit;
  signal?: AbortSignal;
  /** How long a resume waits for the nodes to answer slurmctld's ping (default 10 s). */
  settleMs?: number;
}

const SETTLE_POLL_MS = 1000;

/** Whether Slurm now shows what was asked: drained, or taking jobs (not drained, not down). */
function reached(plan: StateChangePlan, node: InventoryNode | undefined): boolean {
  if (!node) return false;
  if (plan.change === 'drain') return isDrained(node);
  return !isDrained(node) && node.state !== 'down' && node.state !== 'fail';
}

const stateList = (rows: ReadonlyArray<NodeRow<StateChangeDetail>>, key: 'before' | 'after') =>
  rows.map((r) => `${r.node} ${r.detail?.[key] ?? '?'}`);

/**
 * Slurm's state after the change. A resumed node shows `*` until slurmctld's next ping answers:
 * a resume reads again, once a second for a few seconds, until every node it lifted responds.
 */
async function settled(
  ctx: { transport: Transport; timeoutMs: number },
  plan: StateChangePlan,
  options: StateChangeOptions,
): Promise<Map<string, InventoryNode>> {
  const run = options.signal ? { signal: options.signal } : {};
  const deadline = Date.now() + (plan.change === 'resume' ? (options.settleMs ?? 10_000) : 0);
  for (;;) {
    const now = new Map((await nodeInventory(ctx, run)).map((n) => [n.name, n]));
    const waiting = plan.changing.some((name) => now.get(name)?.responding === false);
    if (!waiting || Date.now() >= deadline) return now;
    await new Promise((r) => setTimeout(r, SETTLE_POLL_MS));
  }
}

/**
 * Applies a plan through the controller (as the admin: an operator may change node states):
 * one `scontrol update` for every node that changes, then sinfo for how each node is now.
 * The audit entry holds who, nodes, before, requested and after.
 */
export async function applyStateChange(
  controller: Transport,
  plan: StateChangePlan,
  options: StateChangeOptions = {},
): Promise<Array<NodeRow<StateChangeDetail>>> {
  if (plan.changing.length === 0) return plan.rows;
  const ctx = { transport: controller, timeoutMs: TIMEOUT_MS };
  const run = options.signal ? { signal: options.signal } : {};
  const audit = (rows: ReadonlyArray<NodeRow<StateChangeDetail>>, outcome: string) => {
    const changed = rows.filter((r) => plan.changing.includes(r.node));
    options.audit?.log.record(
      {
        ...options.audit.entry,
        action: plan.change === 'drain' ? 'node.drain' : 'node.resume',
        target: {
          nodes: plan.changing,
          before: stateList(changed, 'before'),
          requested: plan.change === 'drain' ? `drain: ${plan.reason}` : 'resume',
          force: plan.force,
          after: stateList(changed, 'after'),
        },
      },
      outcome,
    );
  };
  try {
    await updateNodes(
      ctx,
      plan.changing,
      plan.change === 'drain' ? { state: 'DRAIN', reason: plan.reason ?? '' } : { state: 'RESUME' },
      run,
    );
  } catch (error) {
    audit(plan.rows, `failed: ${(error as { code?: string }).code ?? 'INTERNAL'}`);
    throw error;
  }
  let now: Map<string, InventoryNode> | undefined;
  let unread: NodeRow<never> | undefined;
  try {
    now = await settled(ctx, plan, options);
  } catch (error) {
    unread = failedRow<never>('', error);
  }
  const rows = plan.rows.map((row): NodeRow<StateChangeDetail> => {
    if (row.outcome !== 'planned') return row;
    const node = now?.get(row.node);
    const detail = {
      ...(row.detail as StateChangeDetail),
      ...(node ? { after: node.stateRaw } : {}),
      ...(node?.reason ? { reasonAfter: node.reason } : {}),
    };
    if (unread) {
      return {
        ...row,
        outcome: 'failed',
        summary: `asked to ${plan.change}; the state after could not be read: ${unread.summary}`,
        detail,
      };
    }
    return reached(plan, node)
      ? { ...row, outcome: 'changed', summary: `${detail.before} -> ${detail.after}`, detail }
      : {
          ...row,
          outcome: 'failed',
          summary: `asked to ${plan.change}, but Slurm shows ${detail.after ?? 'no such node'}`,
          detail,
        };
  });
  audit(rows, 'done');
  return rows;
}
