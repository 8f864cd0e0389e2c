import { fact, fileSums, numberFact, type Facts } from './facts-frame.js';
import { daemonFacts, mungeOutcome, type DaemonFacts, type MungeOutcome } from './node-facts.js';

export interface ControllerFacts {
  host: string | undefined;
  timeS: number | undefined;
  slurmctld: DaemonFacts;
  mungedRunning: boolean;
  confSha256: string | undefined;
  /** The files slurm.conf includes, with their checksums. */
  includes: Array<{ path: string; sha256: string | undefined }>;
  keySha256: string | undefined;
  /** slurm.key beside slurm.conf (auth/slurm's shared secret), when there is one. */
  slurmKeySha256: string | undefined;
  /** Where slurmd reaches slurmctld: SlurmctldHost's address (or name) and SlurmctldPort. */
  slurmctldAddress: string | undefined;
  slurmctldPort: number;
  authType: string | undefined;
  configless: boolean;
  /** Where slurmd keeps its state, `%n` for the node's name: a configless slurmd's conf-cache/ is in it. */
  slurmdSpoolDir: string;
  /** Fresh credentials from the controller's munged, one per node. */
  credentials: string[];
  credentialError: MungeOutcome | undefined;
  complete: boolean;
}

/** slurm.conf key=value lines as the script printed them, keys lower-cased; the first wins. */
function confLines(facts: Facts): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of facts.get('conf.line') ?? []) {
    const match = /^\s*([A-Za-z]+)\s*=\s*(\S*)/.exec(line);
    const key = match?.[1]?.toLowerCase();
    if (key && !out.has(key)) out.set(key, match?.[2] ?? '');
  }
  return out;
}

export function parseControllerFacts(facts: Facts): ControllerFacts {
  const conf = confLines(facts);
  // SlurmctldAddr (the address of whichever controller is active, with backups) first; then
  // SlurmctldHost=ctl(10.77.0.2) or SlurmctldHost=ctl; older: ControlMachine + ControlAddr.
  const host = /^([^(]+)(?:\(([^)]+)\))?$/.exec(conf.get('slurmctldhost') ?? '');
  const address =
    conf.get('slurmctldaddr') ||
    (host?.[2] ?? host?.[1] ?? conf.get('controladdr') ?? conf.get('controlmachine') ?? undefined);
  const port = Number(/^\d+/.exec(conf.get('slurmctldport') ?? '')?.[0] ?? 6817);
  return {
    host: fact(facts, 'host'),
    timeS: numberFact(facts, 'time'),
    slurmctld: daemonFacts(facts, 'slurmctld'),
    mungedRunning: numberFact(facts, 'munged.pid') !== undefined,
    confSha256: fact(facts, 'conf.sha256'),
    includes: fileSums(facts, 'include'),
    keySha256: fact(facts, 'key.sha256'),
    slurmKeySha256: fact(facts, 'slurmkey.sha256'),
    slurmctldAddress: address,
    slurmctldPort: port,
    authType: conf.get('authtype'),
    configless: /enable_configless/i.test(conf.get('slurmctldparameters') ?? ''),
    slurmdSpoolDir: conf.get('slurmdspooldir') || '/var/spool/slurmd',
    credentials: [...(facts.get('cred') ?? [])],
    credentialError: mungeOutcome(fact(facts, 'cred.error')),
    complete: fact(facts, 'done') === '1',
  };
}

/** Which secret Slurm's messages are signed with: munge's key, or slurm.key (Slurm >= 23.11). */
export const authKind = (authType: string | undefined): 'munge' | 'slurm' =>
  /auth\/slurm/i.test(authType ?? '') ? 'slurm' : 'munge';

/** SlurmdSpoolDir for one node: Slurm puts the node's name in for `%n` (and `%h`, its host). */
export const spoolDirOf = (spool: string, node: string) =>
  spool.replaceAll('%n', node).replaceAll('%h', node);
