import type { Command } from 'commander';
import { syncMungeOperation } from '../../admin/index.js';
import { changeOptions, runAdminChange, type ChangeFlags } from './admin-change.js';

export function registerAdminSync(admin: Command): void {
  changeOptions(admin.command('sync-munge'))
    .description(
      "copy the controller's munge key to nodes (atomic, munge:munge 0400), restart munged where needed",
    )
    .action(async (nodes: string | undefined, flags: ChangeFlags, command: Command) =>
      runAdminChange(command, nodes, flags, "write the controller's key", (session) =>
        syncMungeOperation(session.access),
      ),
    );
}
