import type { Target } from '../targets/resolve-targets.js';
import { authKind, type ControllerFacts } from './controller-facts.js';
import type { DaemonFacts, MungeOutcome, NodeFacts } from './node-facts.js';

/** `admin status` for one node: its facts, and how they compare with the controller's. */
export interface NodeStatus {
  node: string;
  address: string;
  /** Slurm's view; undefined when the name is not a node of the cluster. */
  slurm:
    | { state: string; stateRaw: string; reason: string | undefined; responding: boolean }
    | undefined;
  /** auth/munge or auth/slurm, as the controller's slurm.conf says. */
  auth: 'munge' | 'slurm';
  munged: DaemonFacts;
  slurmd: DaemonFacts;
  /**
   * slurm.conf and the auth key (munge's, or slurm.key under auth/slurm) checksums equal to the
   * controller's (undefined: not known).
   */
  confMatches: boolean | undefined;
  keyMatches: boolean | undefined;
  /** The node's clock minus the controller's, in seconds, within `uncertaintyS`. */
  clock: { offsetS: number; uncertaintyS: number } | undefined;
  controllerPort: NodeFacts['controllerPort'];
  /** The controller's credential decoded on the node (`munge -n` there, `unmunge` here). */
  crossDecode: MungeOutcome | undefined;
  localMunge: MungeOutcome | undefined;
  /** Seconds from the controller making the credential to the node getting it. */
  credentialAgeS?: number;
  facts: NodeFacts;
}

const same = (a: string | undefined, b: string | undefined) =>
  a === undefined || b === undefined ? undefined : a === b;

export function nodeStatus(
  target: Target,
  facts: NodeFacts,
  controller:
    | (Pick<ControllerFacts, 'confSha256' | 'keySha256' | 'slurmKeySha256' | 'authType'> &
        Partial<Pick<ControllerFacts, 'includes'>>)
    | undefined,
  clock: NodeStatus['clock'],
): NodeStatus {
  const slurm = target.slurm;
  const auth = authKind(controller?.authType);
  return {
    node: target.name,
    address: target.address,
    slurm: slurm && {
      state: slurm.state,
      stateRaw: slurm.stateRaw,
      reason: slurm.reason,
      responding: slurm.responding,
    },
    auth,
    munged: facts.munged,
    slurmd: facts.slurmd,
    confMatches: confMatches(facts, controller?.confSha256, controller?.includes ?? []),
    keyMatches:
      auth === 'slurm'
        ? same(facts.slurmKey?.sha256 ?? '', controller?.slurmKeySha256)
        : same(facts.key.sha256, controller?.keySha256),
    clock,
    controllerPort: facts.controllerPort,
    crossDecode: facts.crossDecode,
    localMunge: facts.localMunge,
    facts,
  };
}

/**
 * slurm.conf, and every file it includes (a configless slurmd fetched those with it), the
 * controller's; undefined when a checksum on either side is not known.
 */
function confMatches(
  facts: NodeFacts,
  confSha256: string | undefined,
  includes: ReadonlyArray<{ path: string; sha256: string | undefined }>,
): boolean | undefined {
  const main = same(facts.conf.sha256, confSha256);
  if (main !== true || facts.conf.fetched) return main;
  const here = new Map(facts.includes.map((f) => [f.path, f.sha256]));
  let known = true;
  for (const file of includes) {
    if (file.sha256 === undefined) known = false;
    else if (here.get(file.path) !== file.sha256) return false;
  }
  return known ? true : undefined;
}

/** One line for the row: what is wrong at a glance, or "healthy". */
export function statusSummary(status: NodeStatus): string {
  const problems: string[] = [];
  const munge = status.auth === 'munge';
  if (munge && !status.munged.running) problems.push('munged not running');
  if (!status.slurmd.running) problems.push('slurmd not running');
  if (status.keyMatches === false) problems.push(munge ? 'munge key differs' : 'slurm.key differs');
  if (status.confMatches === false) problems.push('slurm.conf differs');
  if (munge && status.crossDecode && !status.crossDecode.ok) {
    problems.push(
      `controller credential: ${status.crossDecode.message || status.crossDecode.code}`,
    );
  }
  if (status.controllerPort && !status.controllerPort.open) problems.push('slurmctld port closed');
  if (status.clock && Math.abs(status.clock.offsetS) > 60) {
    problems.push(
      `clock ${status.clock.offsetS > 0 ? '+' : ''}${Math.round(status.clock.offsetS)}s`,
    );
  }
  if (status.slurm && !status.slurm.responding) problems.push(`Slurm: ${status.slurm.stateRaw}`);
  return problems.length === 0 ? 'healthy' : problems.join('; ');
}
