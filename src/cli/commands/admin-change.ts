import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { ConfirmedVia } from '../../audit/index.js';
import {
  runChange,
  type AdminSession,
  type ChangeOperation,
  type ChangeReport,
  type NodePlan,
} from '../../admin/index.js';
import { isSlurmdeckError, SlurmdeckError } from '../../core/errors.js';
import { quoteArgv } from '../../transport/shell-quote.js';
import { confirm, DECLINED_EXIT_CODE } from '../confirm.js';
import { printJson } from '../format.js';
import { targetOptions, withSelectedNodes, type AdminFlags } from './admin-options.js';

export interface ChangeFlags extends AdminFlags {
  yes?: boolean;
}

/** Options of every `admin` command that changes nodes: the targets, and --yes. */
export function changeOptions(command: Command): Command {
  return targetOptions(command).option('-y, --yes', 'do not ask before changing');
}

/** Who did it, for the audit log: the local user running slurmdeck. */
export function localActor(): string {
  try {
    return userInfo().username;
  } catch {
    return String(process.getuid?.() ?? '');
  }
}

/**
 * Asks before changing: on a terminal a prompt; otherwise refused, with the exact command to
 * run with --yes. The plan is printed to stderr first.
 */
export async function askToChange(
  what: string,
  plans: readonly NodePlan[],
  yes: boolean | undefined,
): Promise<ConfirmedVia | undefined> {
  for (const plan of plans)
    console.error(`${plan.target.name}: will ${plan.steps.join(', then ')}`);
  const question = plans.length ? `${what} on ${plans.length} node(s)?` : `${what}?`;
  try {
    if (await confirm(question, yes)) return yes ? 'yes-flag' : 'prompt';
  } catch (error) {
    if (!isSlurmdeckError(error, 'CONFIRMATION_REQUIRED')) throw error;
    throw new SlurmdeckError('CONFIRMATION_REQUIRED', error.message, {
      hint: `Run it again with --yes: slurmdeck ${quoteArgv([...process.argv.slice(2), '--yes'])}`,
    });
  }
  return undefined;
}

export function renderChange(report: ChangeReport): string {
  const lines = report.rows.map((row) => {
    const hint = row.error?.hint ? `\n  hint: ${row.error.hint}` : '';
    return `${row.node}: ${row.outcome}: ${row.summary}${hint}`;
  });
  lines.push(...report.notes);
  const changed = report.rows.filter((r) => r.outcome === 'changed').length;
  if (report.dryRun) lines.push('dry run: nothing was changed');
  else if (report.declined) lines.push('nothing was changed');
  else if (changed === 0 && report.rows.every((r) => r.outcome === 'ok')) {
    lines.push('nothing to change');
  }
  return lines.join('\n');
}

/**
 * What every changing `admin` command does: pick the targets, build the operation, inspect,
 * ask, change, audit, print one row per node. --dry-run inspects (read-only) and stops there.
 */
export async function runAdminChange(
  command: Command,
  nodes: string | undefined,
  flags: ChangeFlags,
  what: string,
  build: (session: AdminSession) => Promise<ChangeOperation<NodePlan>>,
): Promise<void> {
  await withSelectedNodes(
    command,
    nodes,
    flags,
    async ({ session, targets, cluster, ws, options }) => {
      const report = await runChange(await build(session), targets, {
        ...(flags.dryRun ? { dryRun: true } : {}),
        ...options,
        confirm: (plans) => askToChange(what, plans, flags.yes),
        audit: { log: ws.audit, cluster: cluster.name, actor: localActor() },
      });
      if (report.rows.some((r) => r.outcome === 'failed')) process.exitCode = 1;
      else if (report.declined) process.exitCode = DECLINED_EXIT_CODE;
      if (flags.json) printJson(report);
      else console.log(renderChange(report));
    },
  );
}
