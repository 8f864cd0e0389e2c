import { SlurmdeckError } from '../core/errors.js';

/** Where and how to reach a cluster host; anything unset is left to the user's ~/.ssh/config. */
export interface SshTarget {
  /** A host name, address or ~/.ssh/config alias. */
  host: string;
  user?: string;
  port?: number;
  identityFile?: string;
  certificateFile?: string;
  knownHostsFile?: string;
  /** ProxyJump spec, e.g. "bastion" or "me@gw.example.org:2222". */
  jumpHost?: string;
  /** Where the multiplexing sockets live; defaults to <runtimeDir>/ssh. */
  controlDir?: string;
  connectTimeoutS?: number;
  /** More ssh_config options, e.g. { Ciphers: 'aes128-gcm@openssh.com' }. */
  extraOptions?: Record<string, string>;
}

// Whitespace, control characters and DEL: none belong in a host, user or jump host.
const UNSAFE = /[\s\p{Cc}]/u;

// Known-hosts files come only from knownHostsFile, so no option can point them at /dev/null.
const KNOWN_HOSTS_OPTIONS = ['userknownhostsfile', 'globalknownhostsfile'];

/** Refuses what ssh could read as an option, or what would weaken host key checking. */
export function validateSshTarget(target: SshTarget): void {
  checkName('host', target.host);
  if (target.host.includes('@')) {
    invalid(`host ${JSON.stringify(target.host)} contains "@"`, 'Put the user name in "user".');
  }
  if (target.user !== undefined) checkName('user', target.user);
  if (target.jumpHost !== undefined) checkName('jumpHost', target.jumpHost);
  const port = target.port;
  if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65535)) {
    invalid(`port ${port} is not a TCP port`, 'Use an integer from 1 to 65535.');
  }
  const timeout = target.connectTimeoutS;
  if (timeout !== undefined && !(Number.isInteger(timeout) && timeout > 0)) {
    invalid(`connectTimeoutS ${timeout} is not valid`, 'Give a whole number of seconds above 0.');
  }
  for (const key of ['identityFile', 'certificateFile', 'knownHostsFile', 'controlDir'] as const) {
    const value = target[key];
    if (value !== undefined) checkPath(key, value);
  }
  // ssh checks -i's path as given but later expands %-tokens in it, so '%' cannot be escaped.
  if (target.identityFile?.includes('%')) {
    invalid(
      `identityFile ${JSON.stringify(target.identityFile)} contains "%"`,
      'Rename the key file, or name it in ~/.ssh/config as IdentityFile with "%%".',
    );
  }
  if (target.knownHostsFile === '/dev/null') {
    invalid('knownHostsFile /dev/null would disable host key checking', knownHostsHint);
  }
  for (const [key, value] of Object.entries(target.extraOptions ?? {})) {
    checkExtraOption(key, value);
  }
}

/** "user@host:port" as shown in messages; only the parts that were set. */
export function sshTargetLabel(target: SshTarget): string {
  const user = target.user === undefined ? '' : `${target.user}@`;
  const port = target.port === undefined ? '' : `:${target.port}`;
  return `${user}${target.host}${port}`;
}

const knownHostsHint = 'Give a known_hosts file that holds the host key (knownHostsFile).';
const hostKeyHint =
  'Add the host key to ~/.ssh/known_hosts (or the knownHostsFile) once, e.g. by running `ssh HOST` by hand, after checking its fingerprint against the one your site publishes; then drop StrictHostKeyChecking from extraOptions.';

function checkName(field: string, value: string): void {
  if (value === '' || value.startsWith('-') || UNSAFE.test(value)) {
    invalid(
      `${field} ${JSON.stringify(value)} is not a valid ssh ${field}`,
      `A ${field} must be non-empty, must not start with "-", and must not contain spaces or control characters.`,
    );
  }
}

function checkPath(field: string, value: string): void {
  if (value === '' || /[\p{Cc}"]/u.test(value)) {
    invalid(
      `${field} ${JSON.stringify(value)} is not a usable path`,
      `Give ${field} as a path without control characters or double quotes.`,
    );
  }
}

function checkExtraOption(key: string, value: string): void {
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(key) || /[\p{Cc}"]/u.test(value) || value === '') {
    invalid(
      `extraOptions ${JSON.stringify(key)}=${JSON.stringify(value)} is not a valid ssh option`,
      'Use ssh_config keywords (see man ssh_config) with non-empty values without control characters.',
    );
  }
  const lower = key.toLowerCase();
  if (KNOWN_HOSTS_OPTIONS.includes(lower)) {
    invalid(`extraOptions may not set ${key}`, knownHostsHint);
  }
  if (lower.startsWith('control')) {
    invalid(
      `extraOptions may not set ${key}: slurmdeck manages the ssh master connection`,
      'Set controlDir to choose where the control sockets live.',
    );
  }
  // Only "yes": "no", "off" and "accept-new" trust a key never seen before (accept-new on first
  // use, so a first connection through an attacker pins the attacker's key), and "ask" cannot
  // ask in BatchMode, where it fails like "yes" with a less helpful message.
  if (lower === 'stricthostkeychecking' && value.toLowerCase() !== 'yes') {
    invalid(
      `StrictHostKeyChecking=${value} is refused: slurmdeck only connects to hosts whose key is already known`,
      hostKeyHint,
    );
  }
}

function invalid(message: string, hint: string): never {
  throw new SlurmdeckError('INVALID_ARGUMENT', message, { hint });
}
