import type { Command } from 'commander';
import {
  openAdminSession,
  type AdminSession,
  type Target,
  type TargetSpec,
} from '../../admin/index.js';
import { SlurmdeckError } from '../../core/errors.js';
import type { Workspace } from '../../workspace/index.js';
import { withCluster } from '../context.js';
import { printJson } from '../format.js';
import { renderPlan } from './admin-format.js';

export interface AdminFlags {
  all?: boolean;
  state?: string;
  json?: boolean;
  dryRun?: boolean;
  concurrency?: string;
}

/** Options every `admin` command takes, in one place. */
export function targetOptions(command: Command): Command {
  return command
    .argument('[nodes]', "nodes in Slurm's hostlist syntax, e.g. n[1-3,7],gpu[01-04]")
    .option('--all', 'every node of the cluster')
    .option('--state <states>', "only nodes in these states, e.g. 'idle*,down'")
    .option('--concurrency <n>', 'nodes worked on at once (default 32)')
    .option('--json', 'machine-readable output')
    .option('--dry-run', 'print the plan and change nothing');
}

export function targetSpec(nodes: string | undefined, flags: AdminFlags): TargetSpec {
  return {
    ...(nodes !== undefined ? { hostlist: nodes } : {}),
    ...(flags.all ? { all: true } : {}),
    ...(flags.state !== undefined ? { state: flags.state } : {}),
  };
}

export function concurrencyOf(flags: AdminFlags): number | undefined {
  if (flags.concurrency === undefined) return undefined;
  const n = Number(flags.concurrency);
  if (!Number.isInteger(n) || n < 1 || n > 256) {
    throw new SlurmdeckError(
      'INVALID_ARGUMENT',
      `--concurrency ${flags.concurrency} is not valid`,
      {
        hint: 'Give a whole number from 1 to 256.',
      },
    );
  }
  return n;
}

/** What an `admin` command works on: the admin session, the nodes picked, and where. */
export interface SelectedNodes {
  session: AdminSession;
  targets: Target[];
  cluster: { name: string };
  ws: Workspace;
  options: { concurrency?: number };
}

/**
 * Opens the admin session, picks the targets (says so when none match) and closes the session's
 * connections afterwards: around every `admin` command's own work.
 */
export async function withSelectedNodes(
  command: Command,
  nodes: string | undefined,
  flags: AdminFlags,
  act: (selected: SelectedNodes) => Promise<void>,
): Promise<void> {
  const spec = targetSpec(nodes, flags);
  const concurrency = concurrencyOf(flags);
  await withCluster(command, async (cluster, ws) => {
    const session = openAdminSession(cluster);
    try {
      const targets = await session.selectTargets(spec);
      if (targets.length === 0) {
        console.error('no node matches');
        if (flags.json) printJson({ rows: [] });
        return;
      }
      await act({ session, targets, cluster, ws, options: concurrency ? { concurrency } : {} });
    } finally {
      await session.close();
    }
  });
}

/** A read-only `admin` command: the nodes picked, and the plan printed on --dry-run. */
export async function withAdminTargets(
  command: Command,
  nodes: string | undefined,
  flags: AdminFlags,
  planned: string,
  act: (
    session: AdminSession,
    targets: Target[],
    options: { concurrency?: number },
    ws: Workspace,
  ) => Promise<void>,
): Promise<void> {
  await withSelectedNodes(command, nodes, flags, async ({ session, targets, options, ws }) => {
    if (flags.dryRun) {
      const plan = session.plan(targets, planned);
      if (flags.json) printJson({ dryRun: true, rows: plan });
      else console.log(renderPlan(plan));
      return;
    }
    await act(session, targets, options, ws);
  });
}
