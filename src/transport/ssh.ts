import { SlurmdeckError } from '../core/errors.js';
import { ensureControlDir } from './control-dir.js';
import { runProcess, type RunProcessOptions } from './run-process.js';
import { quoteArgv } from './shell-quote.js';
import { classifySshFailure, sshFailure } from './ssh-errors.js';
import { controlDirOf, DEFAULT_CONNECT_TIMEOUT_S, sshArgs } from './ssh-options.js';
import { sshTargetLabel, type SshTarget } from './ssh-target.js';
import { within } from './stop-errors.js';
import type { ExecOptions, ExecResult, Transport } from './types.js';

export type { SshTarget } from './ssh-target.js';
export { sshArgs } from './ssh-options.js';

const MISSING_SSH =
  'Install the OpenSSH client (e.g. `apt install openssh-client`) and make sure `ssh` is on PATH.';
const CONTROL_TIMEOUT_MS = 10_000;

/**
 * Runs commands on a cluster host through the system ssh client, over one multiplexed master
 * per host: the first exec opens it (concurrent first calls wait for that one connection
 * instead of each logging in), later ones reuse it at about 10 ms each.
 */
export function createSshTransport(target: SshTarget): Transport {
  sshArgs(target); // validates the target now rather than at the first exec
  const label = sshTargetLabel(target);
  const connectS = target.connectTimeoutS ?? DEFAULT_CONNECT_TIMEOUT_S;
  // Connecting, then the jump host's connection, then authentication.
  const openTimeoutMs = connectS * 1000 * (target.jumpHost === undefined ? 1 : 2) + 30_000;
  let master: Promise<void> | undefined;

  const ssh = (flags: string[], options: RunProcessOptions = {}, command?: string) =>
    runProcess([...sshArgs(target, flags), ...(command === undefined ? [] : [command])], {
      label: `ssh ${label}`,
      missingHint: MISSING_SSH,
      ...options,
    });

  const masterAlive = async (): Promise<boolean> => {
    const check = await ssh(['-O', 'check'], { timeoutMs: CONTROL_TIMEOUT_MS }).catch(() => null);
    return check?.exitCode === 0;
  };

  const openMaster = async (): Promise<void> => {
    await ensureControlDir(controlDirOf(target));
    if (await masterAlive()) return;
    // -N -f: authenticate, then leave the master in the background (ControlPersist keeps it).
    const opened = await ssh(['-N', '-f'], { timeoutMs: openTimeoutMs });
    if (opened.exitCode !== 0) throw sshFailure(opened.stderr, opened.exitCode, target);
  };

  const connect = (): Promise<void> => {
    master ??= openMaster().catch((error: unknown) => {
      master = undefined;
      throw error;
    });
    return master;
  };

  return {
    kind: 'ssh',
    target: label,

    async exec(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
      if (argv.length === 0) {
        throw new SlurmdeckError('INVALID_ARGUMENT', 'cannot run an empty command', {
          hint: 'Pass the program to run as the first element of argv.',
        });
      }
      const command = quoteArgv(argv);
      const started = performance.now();
      await within(connect(), options, `connecting to ${label}`);
      const left =
        options.timeoutMs === undefined
          ? undefined
          : Math.max(1, options.timeoutMs - (performance.now() - started));
      const result = await ssh(
        ['-T'],
        { ...options, timeoutMs: left, label: `${argv[0]} on ${label}` },
        command,
      );
      // 255 is ssh's own failure code, but a remote command may exit 255 too (and may even be
      // ssh to a compute node): it counts as our failure only if ssh said so and no master is left.
      if (result.exitCode === 255) {
        const failure = classifySshFailure(result.stderr, target);
        if (failure && !(await masterAlive())) {
          master = undefined;
          throw failure;
        }
      }
      return { ...result, argv: [...argv], durationMs: Math.round(performance.now() - started) };
    },

    async close(): Promise<void> {
      master = undefined;
      // With no master running, ssh -O exit just fails: nothing to release.
      await ssh(['-O', 'exit'], { timeoutMs: CONTROL_TIMEOUT_MS }).catch(() => undefined);
    },
  };
}
