import { constants } from 'node:os';

/** Seconds as Slurm users read them: `M:SS`, `H:MM:SS`, `D-HH:MM:SS`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const days = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  const mm = String(m).padStart(2, '0');
  if (days > 0) return `${days}-${String(h).padStart(2, '0')}:${mm}:${sec}`;
  if (h > 0) return `${h}:${mm}:${sec}`;
  return `${m}:${sec}`;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'K', 'M', 'G', 'T'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 || unit === 0 ? Math.round(value) : value.toFixed(1)}${units[unit]}`;
}

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
