import { SlurmdeckError, type ErrorCode } from '../core/errors.js';
import { sshTargetLabel, type SshTarget } from './ssh-target.js';

interface Rule {
  code: ErrorCode;
  /** Matches one line of ssh's own stderr (never the whole banner). */
  line: RegExp;
  hint: (target: SshTarget, stderr: string) => string;
}

// Ordered: a changed key also prints "Host key verification failed", and a refused jump host
// also prints "kex_exchange_identification", so the more telling lines come first.
const RULES: readonly Rule[] = [
  {
    code: 'SSH_HOST_KEY',
    line: /^Host key for .* has changed and you have .*$/m,
    hint: changedKey,
  },
  { code: 'SSH_HOST_KEY', line: /^No \S+ host key is known for .*$/m, hint: unknownKey },
  { code: 'SSH_HOST_KEY', line: /^Host key verification failed\.?$/m, hint: unknownKey },
  { code: 'SSH_AUTH_FAILED', line: /^.*: Permission denied \([\w,@.-]+\)\.?$/m, hint: auth },
  { code: 'SSH_AUTH_FAILED', line: /^.*Too many authentication failures.*$/m, hint: auth },
  { code: 'SSH_CONNECT_FAILED', line: /^ssh: Could not resolve hostname .*$/m, hint: resolve },
  { code: 'SSH_CONNECT_FAILED', line: /^ssh: connect to host .*$/m, hint: unreachable },
  { code: 'SSH_CONNECT_FAILED', line: /^channel \d+: open failed: .*$/m, hint: unreachable },
  {
    code: 'SSH_CONNECT_FAILED',
    line: /^Connection timed out during banner exchange$/m,
    hint: unreachable,
  },
  {
    code: 'SSH_CONNECT_FAILED',
    line: /^Connection to \S+ port \d+ timed out$/m,
    hint: unreachable,
  },
  { code: 'SSH_CONNECT_FAILED', line: /^kex_exchange_identification: .*$/m, hint: unreachable },
  { code: 'SSH_CONNECT_FAILED', line: /^banner exchange: .*$/m, hint: unreachable },
  {
    code: 'SSH_CONNECT_FAILED',
    line: /^Connection (closed|reset) by \S+ port \d+$/m,
    hint: unreachable,
  },
  {
    code: 'SSH_CONNECT_FAILED',
    line: /^Connection to \S+ closed by remote host\.?$/m,
    hint: dropped,
  },
  { code: 'SSH_CONNECT_FAILED', line: /^client_loop: send disconnect: .*$/m, hint: dropped },
  {
    code: 'CONFIG_INVALID',
    line: /^.*(Bad configuration option|bad configuration options).*$/m,
    hint: config,
  },
  { code: 'CONFIG_INVALID', line: /^Bad owner or permissions on .*$/m, hint: config },
  {
    code: 'CONFIG_INVALID',
    line: /^.*(Unsupported option|garbage at end of line).*$/m,
    hint: config,
  },
];

/**
 * Recognises ssh's own diagnostics in stderr: the connection, the host key or authentication
 * failed. Returns undefined when stderr does not say so (e.g. the remote command exited 255).
 * The message quotes one ssh line only: never the remote command's output or anything secret.
 * Give it the stderr after the frame marker: a startup file's banner, which comes before, could
 * read like one of ssh's lines.
 */
export function classifySshFailure(stderr: string, target: SshTarget): SlurmdeckError | undefined {
  const text = stderr.replaceAll('\r', '');
  for (const rule of RULES) {
    const line = rule.line.exec(text)?.[0].trim();
    if (line === undefined) continue;
    return new SlurmdeckError(rule.code, `ssh to ${sshTargetLabel(target)} failed: ${line}`, {
      hint: rule.hint(target, text),
      data: { target: sshTargetLabel(target), sshMessage: line },
    });
  }
  return undefined;
}

/** ssh failed but said nothing we recognise: still a connection failure, with its last words. */
export function sshFailure(stderr: string, exitCode: number, target: SshTarget): SlurmdeckError {
  const known = classifySshFailure(stderr, target);
  if (known) return known;
  const last = lastLine(stderr);
  const said = last === '' ? `exit code ${exitCode}` : last;
  return new SlurmdeckError(
    'SSH_CONNECT_FAILED',
    `ssh to ${sshTargetLabel(target)} failed: ${said}`,
    {
      hint: `Try \`ssh ${sshTargetLabel(target)}\` by hand to see what goes wrong.`,
      data: { target: sshTargetLabel(target), exitCode },
    },
  );
}

/**
 * Logged in, but the command never started: the login shell or one of its startup files exited
 * first (a `nologin` shell, an `exit` or a syntax error in ~/.cshrc).
 */
export function loginShellFailure(
  stderr: string,
  exitCode: number,
  target: SshTarget,
): SlurmdeckError {
  const last = lastLine(stderr);
  const said = last === '' ? `exit code ${exitCode}` : `${last} (exit code ${exitCode})`;
  const label = sshTargetLabel(target);
  return new SlurmdeckError(
    'SSH_CONNECT_FAILED',
    `ssh to ${label}: the login shell did not run the command: ${said}`,
    {
      hint: `\`ssh ${label} true\` must exit 0: check the account's login shell and its startup files (~/.bashrc, ~/.cshrc, ~/.tcshrc) for a line that exits or fails.`,
      data: { target: label, exitCode },
    },
  );
}

function lastLine(stderr: string): string {
  return stderr.replaceAll('\r', '').trim().split('\n').pop()?.slice(0, 300) ?? '';
}

function knownHostsName(target: SshTarget): string {
  return target.knownHostsFile ?? '~/.ssh/known_hosts';
}

function keyName(target: SshTarget): string {
  return target.port === undefined || target.port === 22
    ? target.host
    : `[${target.host}]:${target.port}`;
}

function changedKey(target: SshTarget): string {
  const file = target.knownHostsFile === undefined ? '' : ` -f ${target.knownHostsFile}`;
  return (
    `${target.host} presented a different host key than the one in ${knownHostsName(target)}: ` +
    'unless the site announced a new key, treat this as a possible attack and do not connect. ' +
    `If it did, verify the new fingerprint, then run \`ssh-keygen${file} -R '${keyName(target)}'\`.`
  );
}

function unknownKey(target: SshTarget): string {
  return (
    `The host key of ${target.host} is not in ${knownHostsName(target)}. Compare its fingerprint ` +
    `with the one your site publishes, then add it (e.g. connect once with \`ssh ${sshTargetLabel(target)}\`); ` +
    'slurmdeck never accepts unknown host keys by itself.'
  );
}

function auth(target: SshTarget, stderr: string): string {
  if (/UNPROTECTED PRIVATE KEY FILE|bad permissions/.test(stderr)) {
    return 'ssh ignored a private key that others can read: chmod 600 the key file named by ssh.';
  }
  const missing = /Identity file (.*) not accessible/.exec(stderr)?.[1];
  if (missing !== undefined) return `The identity file ${missing} does not exist or is unreadable.`;
  return (
    `${sshTargetLabel(target)} accepted none of our keys: check that the key (identityFile, ` +
    '~/.ssh/config or ssh-agent) is in ~/.ssh/authorized_keys there. Passwords and 2FA prompts ' +
    'are off (BatchMode); for such logins open a connection by hand first, then retry.'
  );
}

function resolve(target: SshTarget): string {
  return `Check the host name ${target.host} (and any alias for it in ~/.ssh/config), and your network or VPN.`;
}

function unreachable(target: SshTarget): string {
  const via = target.jumpHost === undefined ? '' : ` and the jump host ${target.jumpHost}`;
  const port = target.port === undefined ? '' : ` port ${target.port}`;
  return `Check that ${target.host}${port}${via} can be reached from here (network, VPN, firewall) and that sshd runs there.`;
}

function dropped(target: SshTarget): string {
  return `The connection to ${target.host} dropped while the command ran; check the network and retry.`;
}

function config(target: SshTarget): string {
  return `ssh rejected its configuration: fix the line it names in ~/.ssh/config or in the ssh settings slurmdeck was given for ${target.host}.`;
}
