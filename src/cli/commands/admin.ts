import type { Command } from 'commander';
import { gatherStatus } from '../../admin/index.js';
import { printJson } from '../format.js';
import { describeController, renderStatusRows } from './admin-format.js';
import { registerAdminDoctor } from './admin-doctor.js';
import { registerAdminDrain } from './admin-drain.js';
import { registerAdminSync } from './admin-sync.js';
import { registerAdminDaemons } from './admin-daemon.js';
import { registerAdminRecover } from './admin-recover.js';
import { targetOptions, withAdminTargets, type AdminFlags } from './admin-options.js';

export function registerAdmin(program: Command): void {
  const admin = program
    .command('admin')
    .description(
      "node administration over the admin's own ssh: status, doctor, drain/resume, sync, start/restart, recover, init",
    );

  targetOptions(admin.command('status'))
    .description(
      'per node: munged, slurmd, key and config checksums, clock, slurmctld port, munge decode',
    )
    .action(async (nodes: string | undefined, flags: AdminFlags, command: Command) =>
      withAdminTargets(
        command,
        nodes,
        flags,
        'read facts (one round trip, changes nothing)',
        async (session, targets, options) => {
          const report = await gatherStatus(session.access, targets, options);
          if (report.rows.some((r) => r.outcome === 'failed') || !report.controller) {
            process.exitCode = 1;
          }
          if (flags.json) return printJson(report);
          console.log(describeController(report.controller));
          if (report.controllerError) console.log(`  ${report.controllerError.message}`);
          console.log(renderStatusRows(report.rows, process.stdout.columns ?? 120));
        },
      ),
    );

  registerAdminDoctor(admin);
  registerAdminDrain(admin);
  registerAdminSync(admin);
  registerAdminDaemons(admin);
  registerAdminRecover(admin);
}
