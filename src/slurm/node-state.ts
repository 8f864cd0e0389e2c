import { NODE_STATES, type NodeState } from './types.js';

const KNOWN = new Set<string>(NODE_STATES);

/** sinfo's abbreviations (`%t`), in case a site's format or an old Slurm prints them. */
const SHORT: Record<string, NodeState> = {
  alloc: 'allocated',
  comp: 'completing',
  drain: 'drained',
  drng: 'draining',
  failg: 'failing',
  futr: 'future',
  mix: 'mixed',
  npc: 'perfctrs',
  plnd: 'planned',
  pow_dn: 'power_down',
  pow_up: 'powering_up',
  resv: 'reserved',
  unk: 'unknown',
  boot: 'reboot_issued',
};

/** States in which a responding node accepts new work. */
const SCHEDULABLE = new Set<NodeState>([
  'idle',
  'mixed',
  'allocated',
  'completing',
  'planned',
  'reserved',
]);

export interface ParsedNodeState {
  state: NodeState;
  flags: string[];
  responding: boolean;
  usable: boolean;
}

/**
 * `stateLong` is sinfo's StateLong (`idle*`, `drained`, `mixed-`); `stateComplete` its
 * StateComplete (`IDLE+DRAIN+NOT_RESPONDING`), which carries every flag.
 */
export function parseNodeState(stateLong: string, stateComplete = ''): ParsedNodeState {
  const long = stateLong.trim().toLowerCase();
  // Suffixes: * not responding, ~ powered off, # powering up, % powering down, ! pending power
  // down, $ maintenance reservation, @ pending reboot, ^ reboot issued, - planned, + completing.
  const base = long.replace(/[*~#!%$@^+-]+$/, '');
  const state: NodeState = KNOWN.has(base) ? (base as NodeState) : (SHORT[base] ?? 'unknown');
  const words = stateComplete.trim().toUpperCase().split('+');
  const flags = words.slice(1).filter((w) => w !== '');
  const responding = !long.endsWith('*') && !flags.includes('NOT_RESPONDING');
  const blocked = flags.some((f) => f === 'DRAIN' || f === 'FAIL' || f === 'MAINTENANCE');
  return { state, flags, responding, usable: responding && !blocked && SCHEDULABLE.has(state) };
}
