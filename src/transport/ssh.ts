import { SlurmdeckError } from '../core/errors.js';
import { ensureControlDir } from './control-dir.js';
import { runProcess, type RunProcessOptions } from './run-process.js';
import { newMarker, unframe, unframeBytes } from './frame.js';
import { commandScript, loginShellLine, remoteCommandLine } from './login-shell-line.js';
import { classifySshFailure, loginShellFailure, sshFailure } from './ssh-errors.js';
import { controlDirOf, DEFAULT_CONNECT_TIMEOUT_S, sshArgs } from './ssh-options.js';
import { sshTargetLabel, type SshTarget } from './ssh-target.js';
import { within } from './stop-errors.js';
import { spawnTtyProcess } from './tty-process.js';
import type { ExecOptions, ExecResult, Transport, TtyProcess } from './types.js';

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
      const marker = newMarker();
      const command = loginShellLine(commandScript(argv, marker));
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
      // Startup files of the login shell may print before the command starts: not its output.
      const stdout = unframe(result.stdout, marker);
      const bytes = result.stdoutBytes && unframeBytes(result.stdoutBytes, marker);
      const stderr = unframe(result.stderr, marker);
      // 255 is ssh's own failure code, but a remote command may exit 255 too (and may even be
      // ssh to a compute node): it counts as our failure only if ssh said so and no master is
      // left. A startup file's banner is never read as ssh's words.
      if (result.exitCode === 255) {
        const failure = classifySshFailure(stderr.text, target);
        if (failure && !(await masterAlive())) {
          master = undefined;
          throw failure;
        }
      }
      if (!(bytes ?? stdout).found) throw loginShellFailure(result.stderr, result.exitCode, target);
      return {
        ...result,
        argv: [...argv],
        stdout: stdout.text,
        ...(bytes ? { stdoutBytes: bytes.bytes } : {}),
        stderr: stderr.text,
        durationMs: Math.round(performance.now() - started),
      };
    },

    async connect(options = {}): Promise<void> {
      await within(connect(), options, `connecting to ${label}`);
    },

    async openTty(argv: readonly string[]): Promise<TtyProcess> {
      await connect();
      // -tt: a pty on the host although ours is a pipe; -e none: a typed "~." is just text.
      return spawnTtyProcess(
        [...sshArgs(target, ['-tt', '-e', 'none']), remoteCommandLine(argv)],
        `ssh ${label}`,
        MISSING_SSH,
      );
    },

    async close(): Promise<void> {
      master = undefined;
      // With no master running, ssh -O exit just fails: nothing to release.
      await ssh(['-O', 'exit'], { timeoutMs: CONTROL_TIMEOUT_MS }).catch(() => undefined);
    },
  };
}
