import type { Command } from 'commander';
import { gatherStatus, openAdminSession } from '../../admin/index.js';
import { withCluster } from '../context.js';
import { printJson } from '../format.js';
import { describeController, renderPlan, renderStatusRows } from './admin-format.js';
import { registerAdminDoctor } from './admin-doctor.js';
import { concurrencyOf, targetOptions, targetSpec, type AdminFlags } from './admin-options.js';

export function registerAdmin(program: Command): void {
  const admin = program
    .command('admin')
    .description("node administration over the admin's own ssh: status, doctor");

  targetOptions(admin.command('status'))
    .description(
      'per node: munged, slurmd, key and config checksums, clock, slurmctld port, munge decode',
    )
    .action(async (nodes: string | undefined, flags: AdminFlags, command: Command) => {
      const spec = targetSpec(nodes, flags);
      const concurrency = concurrencyOf(flags);
      await withCluster(command, async (cluster) => {
        const session = openAdminSession(cluster);
        try {
          const targets = await session.selectTargets(spec);
          if (targets.length === 0) {
            console.error('no node matches');
            return flags.json ? printJson({ rows: [] }) : undefined;
          }
          if (flags.dryRun) {
            const plan = session.plan(targets, 'read facts (one round trip, changes nothing)');
            return flags.json
              ? printJson({ dryRun: true, rows: plan })
              : console.log(renderPlan(plan));
          }
          const report = await gatherStatus(session.access, targets, {
            ...(concurrency ? { concurrency } : {}),
          });
          if (report.rows.some((r) => r.outcome === 'failed') || !report.controller) {
            process.exitCode = 1;
          }
          if (flags.json) return printJson(report);
          console.log(describeController(report.controller));
          if (report.controllerError) console.log(`  ${report.controllerError.message}`);
          console.log(renderStatusRows(report.rows, process.stdout.columns ?? 120));
        } finally {
          await session.close();
        }
      });
    });

  registerAdminDoctor(admin);
}
