import type { Command } from 'commander';
import { readSecretFile } from '../../core/secret-file.js';
// Direct imports, not jobs/index.js: the hook runs once per job end and must start fast.
import { sendJobEnd } from '../../jobs/epilog-hook.js';
import { pushFromEnvironment } from '../../jobs/job-end-push.js';

interface HookFlags {
  url?: string;
  secretFile?: string;
  spool?: string;
}

export function registerHook(program: Command): void {
  const hook = program
    .command('hook')
    .description('scripts for Slurm to run, that tell slurmdeck about jobs');

  hook
    .command('epilog')
    .description(
      'for EpilogSlurmctld (or Epilog): tell the watcher a job ended; calls no Slurm command, always exits 0',
    )
    .option('--url <url>', 'the watcher push endpoint (env SLURMDECK_HOOK_URL)')
    .option('--secret-file <file>', 'shared secret, mode 0600 (env SLURMDECK_HOOK_SECRET_FILE)')
    .option(
      '--spool <dir>',
      'also drop a file here, on storage the watcher reads (env SLURMDECK_HOOK_SPOOL)',
    )
    .action(async (flags: HookFlags) => {
      // Whatever happens, the controller must not see this hook fail.
      process.exitCode = 0;
      try {
        const push = pushFromEnvironment(process.env);
        if (!push) return;
        const url = flags.url ?? process.env['SLURMDECK_HOOK_URL'];
        const secretFile = flags.secretFile ?? process.env['SLURMDECK_HOOK_SECRET_FILE'];
        const spoolDir = flags.spool ?? process.env['SLURMDECK_HOOK_SPOOL'];
        const problems = await sendJobEnd(push, {
          ...(url ? { url } : {}),
          ...(secretFile ? { secret: readSecretFile(secretFile) } : {}),
          ...(spoolDir ? { spoolDir } : {}),
        });
        for (const problem of problems)
          console.error(`slurmdeck hook: job ${push.jobId}: ${problem}`);
      } catch (error) {
        console.error(`slurmdeck hook: ${(error as Error).message}`);
      }
    });

  hook
    .command('example')
    .description('print an EpilogSlurmctld script to install')
    .action(() => {
      console.log(`#!/bin/sh
# /etc/slurm/epilog-slurmctld.d/slurmdeck (EpilogSlurmctld=... in slurm.conf), run as SlurmUser.
# Tells the slurmdeck watcher (slurmdeck watch --listen HOST:PORT --push-secret-file F) that a job
# ended, so its report goes out within seconds; polling still catches anything this misses.
exec slurmdeck hook epilog --url http://WATCHER_HOST:8765/job-end \\
  --secret-file /etc/slurm/slurmdeck-hook.secret >/dev/null 2>&1
`);
    });
}
