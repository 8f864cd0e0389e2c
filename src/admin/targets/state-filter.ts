import { SlurmdeckError } from '../../core/errors.js';
import { parseNodeState } from '../../slurm/node-state.js';
import type { NodeState } from '../../slurm/types.js';
import type { InventoryNode } from './node-inventory.js';

/** One word of `--state 'idle*,down,drain'`: a state (or flag), and `*` for not responding. */
interface StateWord {
  word: string;
  state: NodeState | undefined;
  flag: string;
  notResponding: boolean;
}

/** Parses `--state`; a word that names no state Slurm has is refused, not silently unmatched. */
export function parseStateFilter(text: string): StateWord[] {
  const words = text
    .split(/[,\s]+/)
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean);
  if (words.length === 0) bad(text, 'it names no state');
  return words.map((word) => {
    const base = word.replace(/\*$/, '');
    if (base === '') return { word, state: undefined, flag: '', notResponding: true };
    const parsed = parseNodeState(base);
    const flag = FLAGS[base];
    if (parsed.state === 'unknown' && base !== 'unknown' && base !== 'unk' && !flag) {
      bad(text, `"${word}" is not a Slurm node state`);
    }
    return {
      word,
      state: flag ? undefined : parsed.state,
      flag: flag ?? '',
      notResponding: word.endsWith('*'),
    };
  });
}

// States that sinfo shows as flags on another state (IDLE+DRAIN, MIXED+FAIL...).
const FLAGS: Record<string, string> = {
  drain: 'DRAIN',
  drng: 'DRAIN',
  draining: 'DRAIN',
  fail: 'FAIL',
  maint: 'MAINTENANCE',
  reboot: 'REBOOT_REQUESTED',
  not_responding: 'NOT_RESPONDING',
  no_respond: 'NOT_RESPONDING',
};

/** A node matches when any word does: its state (or flag), and not responding if `*` says so. */
export function matchesState(node: InventoryNode, words: readonly StateWord[]): boolean {
  return words.some((w) => {
    const stateOk =
      (w.state === undefined && w.flag === '') ||
      (w.state !== undefined && node.state === w.state) ||
      (w.flag !== '' && node.flags.includes(w.flag)) ||
      (w.flag === 'DRAIN' && (node.state === 'drained' || node.state === 'draining'));
    return stateOk && (!w.notResponding || !node.responding);
  });
}

function bad(text: string, why: string): never {
  throw new SlurmdeckError('INVALID_ARGUMENT', `--state ${JSON.stringify(text)}: ${why}`, {
    hint: "Give Slurm node states separated by commas, `*` for not responding, e.g. 'idle*,down,drain'.",
  });
}
