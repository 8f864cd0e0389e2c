import type { Command } from 'commander';
import {
  applyStateChange,
  describePlan,
  planStateChange,
  type NodeRow,
  type StateChangeDetail,
  type StateChangeRequest,
} from '../../admin/index.js';
import { askFirst } from '../confirm.js';
import { printJson } from '../format.js';
import { renderTable } from '../table.js';
import { targetOptions, withAdminTargets, type AdminFlags } from './admin-options.js';

interface ChangeFlags extends AdminFlags {
  reason?: string;
  force?: boolean;
  yes?: boolean;
}

/** `admin drain` and `admin resume`: through the controller as the admin, asking first. */
export function registerAdminDrain(admin: Command): void {
  targetOptions(admin.command('drain'))
    .description('drain nodes with a reason (stored as "slurmdeck: REASON"); running jobs go on')
    .requiredOption('--reason <text>', 'why, shown in sinfo -R')
    .option('-y, --yes', 'do not ask')
    .action((nodes: string | undefined, flags: ChangeFlags, command: Command) =>
      changeState(command, nodes, flags, { change: 'drain', reason: flags.reason ?? '' }),
    );
  targetOptions(admin.command('resume'))
    .description(
      "resume nodes slurmdeck drained or Slurm marked down; an admin's own drain only with --force",
    )
    .option('--force', 'also resume drains an admin set with their own reason, and pending reboots')
    .option('-y, --yes', 'do not ask')
    .action((nodes: string | undefined, flags: ChangeFlags, command: Command) =>
      changeState(command, nodes, flags, { change: 'resume', force: flags.force === true }),
    );
}

async function changeState(
  command: Command,
  nodes: string | undefined,
  flags: ChangeFlags,
  request: StateChangeRequest,
): Promise<void> {
  // Its own dry run: the plan from Slurm's state, not only the ssh each node would get.
  const { dryRun, ...rest } = flags;
  await withAdminTargets(command, nodes, rest, request.change, async (session, targets, _o, ws) => {
    const plan = planStateChange(targets, request);
    const cluster = session.access.cluster;
    if (dryRun || plan.changing.length === 0) {
      if (plan.rows.some((r) => r.outcome === 'failed')) process.exitCode = 1;
      if (flags.json) return printJson({ dryRun: dryRun === true, rows: plan.rows });
      return console.log(describePlan(plan, cluster));
    }
    console.error(describePlan(plan, cluster));
    const via = await askFirst(
      `${request.change} ${plan.changing.length} node(s)?`,
      flags.yes,
      `nothing was ${request.change === 'drain' ? 'drained' : 'resumed'}`,
    );
    if (!via) return;
    const rows = await applyStateChange(session.access.controller(), plan, {
      audit: { log: ws.audit, entry: { cluster, confirmedVia: via } },
    });
    if (rows.some((r) => r.outcome === 'failed')) process.exitCode = 1;
    if (flags.json) return printJson({ rows });
    console.log(renderChangeRows(rows, process.stdout.columns ?? 120));
  });
}

export function renderChangeRows(
  rows: ReadonlyArray<NodeRow<StateChangeDetail>>,
  width?: number,
): string {
  return renderTable(
    rows,
    [
      { header: 'NODE', value: (r) => r.node },
      { header: 'RESULT', value: (r) => r.outcome },
      { header: 'BEFORE', value: (r) => r.detail?.before ?? '-' },
      { header: 'AFTER', value: (r) => r.detail?.after ?? '-' },
      { header: 'NOTE', value: (r) => r.summary, flexible: true },
    ],
    width,
  );
}
