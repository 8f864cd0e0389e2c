import { FINISHED_STATES } from '../../src/slurm/finished-states.js';
import type { NodeView } from '../../src/server/schemas.js';

export function duration(seconds: number | null | undefined): string {
  if (seconds === null) return '∞';
  if (seconds === undefined) return '–';
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  const hms = [h, m, s].map((n) => String(n).padStart(2, '0')).join(':');
  return d > 0 ? `${d}-${hms}` : hms;
}

const BAD = new Set(['down', 'drained', 'fail', 'failing', 'inval']);

/** The colour class of a node tile. */
export function nodeClass(node: NodeView): string {
  if (!node.responding || BAD.has(node.state)) return 's-bad';
  return `s-${node.state}`;
}

export function time(iso: string | undefined): string {
  return iso ? new Date(iso).toLocaleTimeString() : '';
}

export function dateTime(iso: string | undefined): string {
  return iso ? new Date(iso).toLocaleString() : '';
}

/** A state the job does not leave any more. */
export function isFinishedState(state: string): boolean {
  return (FINISHED_STATES as ReadonlySet<string>).has(state);
}
