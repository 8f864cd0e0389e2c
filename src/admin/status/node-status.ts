import type { Target } from '../targets/resolve-targets.js';
import type { ControllerFacts } from './controller-facts.js';
import type { DaemonFacts, MungeOutcome, NodeFacts } from './node-facts.js';

/** `admin status` for one node: its facts, and how they compare with the controller's. */
export interface NodeStatus {
  node: string;
  address: string;
  /** Slurm's view; undefined when the name is not a node of the cluster. */
  slurm:
    | { state: string; stateRaw: string; reason: string | undefined; responding: boolean }
    | undefined;
  munged: DaemonFacts;
  slurmd: DaemonFacts;
  /** slurm.conf and munge key checksums equal to the controller's (undefined: not known). */
  confMatches: boolean | undefined;
  keyMatches: boolean | undefined;
  /** The node's clock minus the controller's, in seconds, within `uncertaintyS`. */
  clock: { offsetS: number; uncertaintyS: number } | undefined;
  controllerPort: NodeFacts['controllerPort'];
  /** The controller's credential decoded on the node (`munge -n` there, `unmunge` here). */
  crossDecode: MungeOutcome | undefined;
  localMunge: MungeOutcome | undefined;
  facts: NodeFacts;
}

const same = (a: string | undefined, b: string | undefined) =>
  a === undefined || b === undefined ? undefined : a === b;

export function nodeStatus(
  target: Target,
  facts: NodeFacts,
  controller: Pick<ControllerFacts, 'confSha256' | 'keySha256'> | undefined,
  clock: NodeStatus['clock'],
): NodeStatus {
  const slurm = target.slurm;
  return {
    node: target.name,
    address: target.address,
    slurm: slurm && {
      state: slurm.state,
      stateRaw: slurm.stateRaw,
      reason: slurm.reason,
      responding: slurm.responding,
    },
    munged: facts.munged,
    slurmd: facts.slurmd,
    confMatches: same(facts.conf.sha256, controller?.confSha256),
    keyMatches: same(facts.key.sha256, controller?.keySha256),
    clock,
    controllerPort: facts.controllerPort,
    crossDecode: facts.crossDecode,
    localMunge: facts.localMunge,
    facts,
  };
}

/** One line for the row: what is wrong at a glance, or "healthy". */
export function statusSummary(status: NodeStatus): string {
  const problems: string[] = [];
  if (!status.munged.running) problems.push('munged not running');
  if (!status.slurmd.running) problems.push('slurmd not running');
  if (status.keyMatches === false) problems.push('munge key differs');
  if (status.confMatches === false) problems.push('slurm.conf differs');
  if (status.crossDecode && !status.crossDecode.ok) {
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
