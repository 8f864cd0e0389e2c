import type { Command } from 'commander';
import { daemonOperation, parseDaemon } from '../../admin/index.js';
import { changeOptions, runAdminChange, type ChangeFlags } from './admin-change.js';

export function registerAdminDaemons(admin: Command): void {
  for (const action of ['start', 'restart'] as const) {
    changeOptions(admin.command(action).argument('<daemon>', 'munge or slurmd'))
      .description(
        action === 'start'
          ? 'start munged or slurmd where it is not working, and verify it'
          : 'restart munged or slurmd, and verify it (munged decodes, slurmd registers)',
      )
      .action(
        async (name: string, nodes: string | undefined, flags: ChangeFlags, command: Command) => {
          const daemon = parseDaemon(name);
          await runAdminChange(command, nodes, flags, `${action} ${daemon}`, async (session) =>
            daemonOperation(session.access, action, daemon),
          );
        },
      );
  }
}
