export interface CopyProgress {
  bytes: number;
  percent: number;
  /** As rsync prints it, e.g. "2.94MB/s". */
  rate: string;
  /** Remaining time as rsync estimates it (h:mm:ss), or the elapsed time on the final line. */
  eta: string;
  /** Files still to check / in total, once rsync has counted them. */
  toCheck?: { left: number; total: number };
}

// `      3,000,000  33%    2.94MB/s    0:00:00 (xfr#1, to-chk=2/4)`
const LINE =
  /^\s*([\d,]+)\s+(\d{1,3})%\s+(\S+\/s)\s+(\d+:\d{2}:\d{2})(?:\s+\(xfr#\d+,\s+(?:to|ir)-chk=(\d+)\/(\d+)\))?\s*$/;

/** The last progress line of `rsync --info=progress2` output (lines end in \r or \n). */
export function lastProgress(log: string): CopyProgress | undefined {
  const lines = log.split(/[\r\n]+/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = LINE.exec(lines[i] as string);
    if (!m) continue;
    return {
      bytes: Number((m[1] as string).replaceAll(',', '')),
      percent: Number(m[2]),
      rate: m[3] as string,
      eta: m[4] as string,
      ...(m[5] !== undefined ? { toCheck: { left: Number(m[5]), total: Number(m[6]) } } : {}),
    };
  }
  return undefined;
}

const UNITS: Record<string, number> = { B: 1, kB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12 };

/** "2.94MB/s" -> bytes per second. */
export function rateBytes(rate: string): number {
  const m = /^([\d.]+)([kMGT]?B)\/s$/.exec(rate);
  return m ? Number(m[1]) * (UNITS[m[2] as string] ?? 1) : 0;
}

function formatRate(bytesPerSecond: number): string {
  const unit = (['TB', 'GB', 'MB', 'kB'] as const).find((u) => bytesPerSecond >= (UNITS[u] ?? 1));
  return unit
    ? `${(bytesPerSecond / (UNITS[unit] ?? 1)).toFixed(2)}${unit}/s`
    : `${bytesPerSecond.toFixed(2)}B/s`;
}

const clock = (seconds: number) => {
  const s = Math.round(seconds);
  return `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

/** The progress of parallel rsync streams as one: bytes and rates added, against the total. */
export function addUpProgress(parts: CopyProgress[], totalBytes: number): CopyProgress {
  const bytes = parts.reduce((sum, p) => sum + p.bytes, 0);
  const rate = parts.reduce((sum, p) => sum + rateBytes(p.rate), 0);
  const left = Math.max(0, totalBytes - bytes);
  return {
    bytes,
    percent: totalBytes > 0 ? Math.min(100, Math.floor((bytes / totalBytes) * 100)) : 100,
    rate: formatRate(rate),
    eta: clock(rate > 0 ? left / rate : 0),
  };
}

/** What ssh says when it cannot reach the other end of a copy (rsync says only "code 255"). */
const SSH_FAILURE =
  /^(?:ssh: |Host key verification failed|Permission denied \(|No \S+ host key is known|Connection (?:closed|timed out|refused))/;

/** rsync's own error lines (`rsync: ...`, `rsync error: ...`) and ssh's, last few, for a failed copy. */
export function rsyncErrors(log: string, max = 5): string[] {
  return log
    .split(/[\r\n]+/)
    .filter((l) => /^rsync(?: error)?:/.test(l.trim()) || SSH_FAILURE.test(l.trim()))
    .slice(-max);
}
