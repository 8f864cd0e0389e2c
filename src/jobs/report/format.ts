import { constants } from 'node:os';

export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

/** `9 (SIGKILL)`: people know signals by name, Slurm reports the number. */
export function formatSignal(signal: number): string {
  const name = Object.entries(constants.signals).find(([, n]) => n === signal)?.[0];
  return name ? `${signal} (${name})` : String(signal);
}
