import { SlurmdeckError } from '../../core/errors.js';
import type { AdminAccess } from '../access/admin-access.js';
import { FACT_FUNCTION, fact, newFactMarker, parseFacts } from '../status/facts-frame.js';
import { FileContent, inspectFiles, type FileState } from './remote-file.js';

/** Where the controller keeps what nodes need, and how its Slurm authenticates. */
export interface ControllerLayout {
  confPath: string;
  /** The folder of slurm.conf: gres.conf, cgroup.conf and slurm.key sit beside it. */
  confDir: string;
  /** munged's --key-file, or the default. */
  mungeKeyPath: string;
  authType: string;
  /** `SlurmctldParameters=enable_configless`: slurmd fetches its config, nothing is copied. */
  configless: boolean;
  slurmUser: string;
}

const LAYOUT_SCRIPT = String.raw`
M="$1"
${FACT_FUNCTION}
PATH="$PATH:/usr/sbin:/sbin:/usr/local/sbin:/usr/local/bin"
CONF=${'$'}{SLURM_CONF:-/etc/slurm/slurm.conf}
fact conf "$CONF"
P=$(pgrep -x munged | head -n 1)
K=; [ -n "$P" ] && K=$(tr '\0' '\n' < "/proc/$P/cmdline" | sed -n 's/^--key-file=//p' | head -n 1)
fact key "${'$'}{K:-/etc/munge/munge.key}"
grep -iE '^[[:space:]]*(AuthType|SlurmctldParameters|SlurmUser)[[:space:]]*=' "$CONF" 2>/dev/null | while IFS= read -r l; do fact line "$l"; done
[ -r "$CONF" ] && fact done 1
`;

export async function controllerLayout(
  access: AdminAccess,
  signal?: AbortSignal,
): Promise<ControllerLayout> {
  const marker = newFactMarker();
  const result = await access.controller().exec(['sh', '-c', LAYOUT_SCRIPT, 'sh', marker], {
    timeoutMs: 30_000,
    ...(signal ? { signal } : {}),
  });
  const facts = parseFacts(result.stdout, marker);
  const confPath = fact(facts, 'conf') ?? '/etc/slurm/slurm.conf';
  if (fact(facts, 'done') !== '1') {
    throw new SlurmdeckError('SLURM_UNAVAILABLE', `cannot read ${confPath} on the controller`, {
      hint: 'Check the admin access to the controller (`slurmdeck admin status`).',
    });
  }
  const settings = new Map<string, string>();
  for (const line of facts.get('line') ?? []) {
    const match = /^\s*(\w+)\s*=\s*(\S*)/.exec(line);
    if (match?.[1] && !settings.has(match[1].toLowerCase())) {
      settings.set(match[1].toLowerCase(), match[2] ?? '');
    }
  }
  return {
    confPath,
    confDir: confPath.replace(/\/[^/]*$/, '') || '/',
    mungeKeyPath: fact(facts, 'key') ?? '/etc/munge/munge.key',
    authType: settings.get('authtype') ?? 'auth/munge',
    configless: /enable_configless/i.test(settings.get('slurmctldparameters') ?? ''),
    slurmUser: settings.get('slurmuser') || 'root',
  };
}

/** A file of the controller: how it is there, and its bytes (only for a write on a node). */
export interface ControllerFile {
  state: FileState;
  content: FileContent;
}

/**
 * Reads files of the controller, each checksummed there and again here after the transfer;
 * a path that does not exist there is left out.
 */
export async function readControllerFiles(
  access: AdminAccess,
  paths: readonly string[],
  signal?: AbortSignal,
): Promise<ControllerFile[]> {
  const controller = access.controller();
  const states = await inspectFiles(controller, paths, signal);
  const files: ControllerFile[] = [];
  for (const state of states) {
    if (!state.exists || state.type !== 'regular file') continue;
    const read = await controller.exec(['base64', '-w0', '--', state.path], {
      timeoutMs: 30_000,
      ...(signal ? { signal } : {}),
    });
    const content = new FileContent(read.exitCode === 0 ? read.stdout.trim() : '');
    if (read.exitCode !== 0 || content.sha256 !== state.sha256) {
      throw new SlurmdeckError(
        'SLURM_UNAVAILABLE',
        `${state.path} on the controller did not arrive whole (checksum differs)`,
        { hint: 'Run the command again; if it persists, check the file on the controller.' },
      );
    }
    files.push({ state, content });
  }
  return files;
}
