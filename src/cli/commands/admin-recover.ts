import type { Command } from 'commander';
import {
  createRecoverBackoff,
  expandHostlist,
  gaveUpMessage,
  openAdminSession,
  recoverOperation,
  runChange,
  watchRecover,
  type ChangeReport,
} from '../../admin/index.js';
import { SlurmdeckError } from '../../core/errors.js';
import type { Workspace } from '../../workspace/index.js';
import { withCluster } from '../context.js';
import { printJson } from '../format.js';
import {
  askToChange,
  changeOptions,
  localActor,
  renderChange,
  type ChangeFlags,
} from './admin-change.js';
import { concurrencyOf, targetSpec } from './admin-options.js';

interface RecoverFlags extends ChangeFlags {
  force?: string;
  watch?: boolean;
  interval: string;
  maxTries: string;
}

function positive(value: string, what: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    throw new SlurmdeckError('INVALID_ARGUMENT', `${what} ${value} is not valid`, {
      hint: 'Give a positive number.',
    });
  }
  return n;
}

export function registerAdminRecover(admin: Command): void {
  changeOptions(admin.command('recover'))
    .description(
      'nodes not responding or down: diagnose, start what is dead, resume only what Slurm or slurmdeck took out',
    )
    .option('--force <nodes>', 'resume these even if an admin drained them or a reboot is pending')
    .option(
      '--watch',
      'keep recovering, with backoff per node; give up and notify after --max-tries',
    )
    .option('--interval <seconds>', 'with --watch: seconds between rounds', '60')
    .option('--max-tries <n>', 'with --watch: tries per node before giving up', '3')
    .action(async (nodes: string | undefined, flags: RecoverFlags, command: Command) => {
      const spec = targetSpec(nodes, flags);
      const concurrency = concurrencyOf(flags);
      const force = new Set(flags.force ? expandHostlist(flags.force) : []);
      const intervalMs = positive(flags.interval, '--interval') * 1000;
      const maxTries = positive(flags.maxTries, '--max-tries');
      await withCluster(command, async (cluster, ws) => {
        const session = openAdminSession(cluster);
        const round = async (due: (node: string) => boolean, yes: boolean | undefined) => {
          const targets = (await session.selectTargets(spec)).filter((t) => due(t.name));
          if (targets.length === 0) return emptyReport();
          return runChange(await recoverOperation(session.access, targets, { force }), targets, {
            ...(flags.dryRun ? { dryRun: true } : {}),
            ...(concurrency ? { concurrency } : {}),
            confirm: (plans) => askToChange('recover', plans, yes),
            audit: { log: ws.audit, cluster: cluster.name, actor: localActor() },
          });
        };
        const print = (report: ChangeReport) => {
          if (flags.json) printJson(report);
          else if (report.rows.length || report.notes.length) console.log(renderChange(report));
        };
        try {
          if (!flags.watch) {
            const report = await round(() => true, flags.yes);
            if (report.rows.some((r) => r.outcome === 'failed')) process.exitCode = 1;
            else if (report.declined) process.exitCode = 4;
            return print(report);
          }
          // Asked once for the whole watch; each round then acts as if --yes were given.
          if (!flags.dryRun && !flags.yes) {
            const via = await askToChange(
              'recover these nodes whenever they need it, until stopped',
              [],
              false,
            );
            if (!via) return;
          }
          await watch(ws, cluster.name, intervalMs, maxTries, (due) => round(due, true), print);
        } finally {
          await session.close();
        }
      });
    });
}

async function watch(
  ws: Workspace,
  cluster: string,
  intervalMs: number,
  maxTries: number,
  round: (due: (node: string) => boolean) => Promise<ChangeReport>,
  print: (report: ChangeReport) => void,
): Promise<void> {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await watchRecover({
      intervalMs,
      signal: stop.signal,
      backoff: createRecoverBackoff({ maxTries, baseMs: intervalMs, maxMs: 16 * intervalMs }),
      round,
      onReport: (report) => {
        const changes = report.rows.filter((r) => r.outcome !== 'ok');
        if (changes.length || report.notes.length) {
          console.log(`${new Date().toISOString()}`);
          print({ ...report, rows: changes });
        }
      },
      async onGiveUp(node, tries, row) {
        console.log(`${node}: gave up after ${tries} tries; notifying`);
        const notifier = ws.notifierIfAvailable();
        if (!notifier) {
          console.error(`${node}: no notification channel is configured to tell`);
          return;
        }
        const message = gaveUpMessage(
          { cluster, node, tries, summary: row.summary, hint: row.error?.hint, at: Date.now() },
          notifier.language,
        );
        notifier.enqueue(message);
        await notifier.deliverDue();
      },
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

const emptyReport = (): ChangeReport => ({ rows: [], declined: false, dryRun: false, notes: [] });
