import { SlurmdeckError } from '../../core/errors.js';
import type { AdminAccess } from '../access/admin-access.js';
import { DAEMON_FUNCTIONS } from '../status/daemon-functions.js';
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
  /**
   * `SlurmctldParameters=enable_configless`: a node without a local slurm.conf fetches its
   * config from slurmctld (see `confMode`); nothing is copied to it.
   */
  configless: boolean;
  /** What a configless slurmd is given as `--conf-server`: SlurmctldHost's address and port. */
  confServer: string;
  /** Where a configless slurmd caches what it fetched (`conf-cache/` inside it). */
  slurmdSpoolDir: string;
  slurmUser: string;
  /** Files slurm.conf includes (`Include`), absolute: settings and nodes may sit there. */
  includes: string[];
}

const LAYOUT_SCRIPT = String.raw`
M="$1"
${FACT_FUNCTION}
PATH="$PATH:/usr/sbin:/sbin:/usr/local/sbin:/usr/local/bin"
${DAEMON_FUNCTIONS}
pids_of munged slurmctld
conf_of "$PID_slurmctld"
fact conf "$CONF"
K=; [ -z "$PID_munged" ] || { read_args "$PID_munged"; arg K --key-file; }
fact key "${'$'}{K:-/etc/munge/munge.key}"
conf_files
printf '%s\n' "$CONF_FILES" | while IFS= read -r f; do [ "$f" = "$CONF" ] || fact include "$f"; done
conf_lines line 'AuthType|SlurmctldParameters|SlurmUser|SlurmctldHost|ControlMachine|ControlAddr|SlurmctldPort|SlurmdSpoolDir'
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
  const controllers: string[] = [];
  for (const line of facts.get('line') ?? []) {
    const match = /^\s*(\w+)\s*=\s*(\S*)/.exec(line);
    const key = match?.[1]?.toLowerCase();
    if (!key) continue;
    if (key === 'slurmctldhost' && match?.[2]) controllers.push(match[2]);
    if (!settings.has(key)) settings.set(key, match?.[2] ?? '');
  }
  return {
    confPath,
    confDir: confPath.replace(/\/[^/]*$/, '') || '/',
    mungeKeyPath: fact(facts, 'key') ?? '/etc/munge/munge.key',
    authType: settings.get('authtype') ?? 'auth/munge',
    configless: /enable_configless/i.test(settings.get('slurmctldparameters') ?? ''),
    confServer: confServerOf(settings, controllers),
    slurmdSpoolDir: settings.get('slurmdspooldir') || '/var/spool/slurmd',
    slurmUser: settings.get('slurmuser') || 'root',
    includes: [...(facts.get('include') ?? [])],
  };
}

/**
 * slurmd's `--conf-server`: `HOST:PORT` of every SlurmctldHost in order (the primary first,
 * then its backups: slurmd tries each), each as nodes reach it: the address in parentheses
 * when given (`ctl(10.77.0.2)`), else the name; the first port of SlurmctldPort (default 6817).
 */
export function confServerOf(
  settings: ReadonlyMap<string, string>,
  controllers: readonly string[] = [settings.get('slurmctldhost') ?? ''],
): string {
  const port = /^\d+/.exec(settings.get('slurmctldport') ?? '')?.[0] ?? '6817';
  const addresses = controllers
    .map((value) => /^([^(]+)(?:\(([^)]+)\))?$/.exec(value))
    .map((host) => host?.[2] ?? host?.[1])
    .filter((address): address is string => Boolean(address));
  if (addresses.length === 0) {
    addresses.push(settings.get('controladdr') ?? settings.get('controlmachine') ?? 'localhost');
  }
  return addresses.map((address) => `${address}:${port}`).join(',');
}

/** A file of the controller: how it is there, and its bytes (only for a write on a node). */
export interface ControllerFile {
  state: FileState;
  content: FileContent;
}

/**
 * Reads files of the controller, each checksummed there and again here after the transfer;
 * a path that does not exist there is left out, a symbolic link is read through.
 */
export async function readControllerFiles(
  access: AdminAccess,
  paths: readonly string[],
  signal?: AbortSignal,
): Promise<ControllerFile[]> {
  const controller = access.controller();
  const states = await inspectFiles(controller, paths, signal);
  const files: ControllerFile[] = [];
  for (const found of states) {
    // A controller's slurm.conf is often a link to shared storage: what counts is the file.
    const state =
      found.type === 'symbolic link' && found.linkTarget
        ? { ...found, ownership: found.linkTarget, type: found.linkTarget.type }
        : found;
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
