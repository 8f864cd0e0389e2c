import { isSlurmDownReason, isSlurmdeckReason } from '../drain/drain-reason.js';
import type { InventoryNode } from '../targets/node-inventory.js';

export interface ResumeVerdict {
  /** Put it back in service with `scontrol update state=resume`. */
  resume: boolean;
  /** Needs nothing from Slurm: it returns by itself once slurmd registers (or is fine). */
  inService: boolean;
  why: string;
}

const rebootPending = (node: InventoryNode) =>
  node.flags.some((f) => f === 'REBOOT_REQUESTED' || f === 'REBOOT_ISSUED') ||
  /[@^]$/.test(node.stateRaw);

/** Drained or draining: out of service by a drain, whoever set it. */
export const drained = (node: InventoryNode): boolean =>
  node.flags.includes('DRAIN') || node.state === 'drained' || node.state === 'draining';

/**
 * Whether `admin recover` may resume the node: DOWN for "Not responding" or "Node unexpectedly
 * rebooted", or drained with a reason slurmdeck set. Never an admin's own drain or down, never
 * a node with a reboot pending, unless forced for this node.
 */
export function resumeVerdict(node: InventoryNode, force = false): ResumeVerdict {
  const reason = node.reason ?? '';
  const down = node.state === 'down' || node.flags.includes('FAIL') || drained(node);
  if (!down) {
    return { resume: false, inService: true, why: `${node.stateRaw}: not down or drained` };
  }
  const said = `${node.stateRaw}${reason ? ` "${reason}"` : ''}`;
  if (force) return { resume: true, inService: false, why: `${said}, resumed with --force` };
  if (rebootPending(node)) {
    return { resume: false, inService: false, why: `${said}: a reboot is pending, left alone` };
  }
  if (drained(node)) {
    return isSlurmdeckReason(reason)
      ? { resume: true, inService: false, why: `${said}: drained by slurmdeck` }
      : {
          resume: false,
          inService: false,
          why: `${node.stateRaw} by an admin with their own reason "${reason}": left alone`,
        };
  }
  if (node.state === 'down' && isSlurmDownReason(reason)) {
    return { resume: true, inService: false, why: `${said}: set down by Slurm` };
  }
  return {
    resume: false,
    inService: false,
    why: `${said}: down for a reason of its own, left alone`,
  };
}
