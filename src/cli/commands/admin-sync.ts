import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import {
  initOperation,
  syncConfOperation,
  syncMungeOperation,
  syncSshOperation,
} from '../../admin/index.js';
import { SlurmdeckError } from '../../core/errors.js';
import { changeOptions, runAdminChange, type ChangeFlags } from './admin-change.js';

export function registerAdminSync(admin: Command): void {
  changeOptions(admin.command('init'))
    .description(
      'bring up hosts slurm.conf names: key, config, munged, slurmd, resume; each step verified, done steps skipped',
    )
    .action(async (nodes: string | undefined, flags: ChangeFlags, command: Command) =>
      runAdminChange(command, nodes, flags, 'initialize', (session) =>
        initOperation(session.access),
      ),
    );

  changeOptions(admin.command('sync-munge'))
    .description(
      "copy the controller's munge key to nodes (atomic, munge:munge 0400), restart munged where needed",
    )
    .action(async (nodes: string | undefined, flags: ChangeFlags, command: Command) =>
      runAdminChange(command, nodes, flags, "write the controller's key", (session) =>
        syncMungeOperation(session.access),
      ),
    );

  changeOptions(admin.command('sync-conf'))
    .description(
      "copy the controller's slurm.conf, gres.conf, cgroup.conf to nodes (atomic), then scontrol reconfigure",
    )
    .action(async (nodes: string | undefined, flags: ChangeFlags, command: Command) =>
      runAdminChange(command, nodes, flags, "write the controller's Slurm config", (session) =>
        syncConfOperation(session.access),
      ),
    );

  changeOptions(admin.command('sync-ssh'))
    .description('add one public key to authorized_keys on nodes (once)')
    .requiredOption('--key <file.pub>', 'the public key file')
    .option('--user <name>', "whose authorized_keys (default: the admin's ssh user)")
    .option('--file <path>', 'the authorized_keys file, if not ~user/.ssh/authorized_keys')
    .action(
      async (
        nodes: string | undefined,
        flags: ChangeFlags & { key: string; user?: string; file?: string },
        command: Command,
      ) => {
        const publicKey = readPublicKey(flags.key);
        await runAdminChange(command, nodes, flags, 'add the key', async (session) =>
          syncSshOperation(session.access, {
            publicKey,
            ...(flags.user ? { user: flags.user } : {}),
            ...(flags.file ? { file: flags.file } : {}),
          }),
        );
      },
    );
}

function readPublicKey(file: string): string {
  if (!file.endsWith('.pub')) {
    throw new SlurmdeckError('INVALID_ARGUMENT', `${file} is not a .pub file`, {
      hint: 'Give the public half of the key (id_ed25519.pub); the private key never leaves you.',
    });
  }
  return readFileSync(file, 'utf8');
}
