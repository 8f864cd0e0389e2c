import { join } from 'node:path';
import { runtimeDir } from '../core/paths.js';
import { SlurmdeckError } from '../core/errors.js';
import { validateSshTarget, type SshTarget } from './ssh-target.js';

export const CONTROL_PERSIST = '10m';
export const DEFAULT_CONNECT_TIMEOUT_S = 15;

// sun_path holds 107 bytes; ssh names the socket "<dir>/<40 hex of %C>" and first binds it
// under a 17-byte temporary suffix, so the directory may take at most 49 bytes.
const MAX_CONTROL_DIR_BYTES = 107 - 1 - 40 - 17;

export function defaultControlDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(runtimeDir(env), 'ssh');
}

export function controlDirOf(target: SshTarget): string {
  return target.controlDir ?? defaultControlDir();
}

/**
 * The ssh argv for a target, from "ssh" through the destination; the remote command goes after.
 * `flags` go before "--" (e.g. ["-T"], ["-t"], ["-O", "exit"]). Only what the target sets is
 * passed besides the fixed safety and multiplexing options, so the user's ~/.ssh/config
 * (aliases, ProxyJump, agent, CertificateFile) keeps working.
 */
export function sshArgs(target: SshTarget, flags: readonly string[] = []): string[] {
  validateSshTarget(target);
  const controlDir = controlDirOf(target);
  if (Buffer.byteLength(controlDir) > MAX_CONTROL_DIR_BYTES) {
    throw new SlurmdeckError('INVALID_ARGUMENT', `ssh control directory path is too long`, {
      hint: `Set controlDir to a path of at most ${MAX_CONTROL_DIR_BYTES} bytes (a Unix socket path is limited to 107); now: ${controlDir}`,
    });
  }
  // -o options: the first value ssh sees wins, and command-line values beat ~/.ssh/config.
  const options = new Map<string, string>([
    ['BatchMode', 'yes'],
    ['StrictHostKeyChecking', 'yes'],
    ['ControlMaster', 'auto'],
    ['ControlPath', `${configPath(controlDir)}/%C`],
    ['ControlPersist', CONTROL_PERSIST],
    ['ServerAliveInterval', '15'],
    ['ServerAliveCountMax', '3'],
    ['ConnectTimeout', String(target.connectTimeoutS ?? DEFAULT_CONNECT_TIMEOUT_S)],
  ]);
  if (target.knownHostsFile !== undefined) {
    options.set('UserKnownHostsFile', configPath(target.knownHostsFile));
  }
  if (target.certificateFile !== undefined) {
    options.set('CertificateFile', configPath(target.certificateFile));
  }
  if (target.identityFile !== undefined) options.set('IdentitiesOnly', 'yes');
  for (const [key, value] of Object.entries(target.extraOptions ?? {})) {
    const existing = [...options.keys()].find((k) => k.toLowerCase() === key.toLowerCase());
    options.delete(existing ?? key);
    options.set(key, value);
  }

  const argv = ['ssh'];
  for (const [key, value] of options) argv.push('-o', `${key}=${value}`);
  if (target.identityFile !== undefined) argv.push('-i', target.identityFile);
  if (target.jumpHost !== undefined) argv.push('-J', target.jumpHost);
  if (target.user !== undefined) argv.push('-l', target.user);
  if (target.port !== undefined) argv.push('-p', String(target.port));
  argv.push(...flags, '--', target.host);
  return argv;
}

// ssh expands %-tokens in these paths, and splits an option's value at unquoted whitespace.
function configPath(path: string): string {
  const escaped = path.replaceAll('%', '%%');
  return /\s/.test(escaped) ? `"${escaped}"` : escaped;
}
