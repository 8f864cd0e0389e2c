import { constants } from 'node:os';

export { formatBytes, formatDuration } from '../core/format.js';

export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

/** `9 (SIGKILL)`: people know signals by name, Slurm reports the number. */
export function formatSignal(signal: number): string {
  const name = Object.entries(constants.signals).find(([, n]) => n === signal)?.[0];
  return name ? `${signal} (${name})` : String(signal);
}

/** Cuts a string to `max` characters, marking the cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** Cuts a string to `max` UTF-8 bytes (WeCom counts bytes), never inside a character. */
export function clipBytes(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  let out = '';
  let used = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (used + size > max - 3) break;
    out += char;
    used += size;
  }
  return `${out}…`;
}
