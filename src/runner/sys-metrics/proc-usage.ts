import { readdirSync, readFileSync } from 'node:fs';

/** What one /proc/<pid>/stat says that we use: parent, and CPU time in clock ticks. */
export interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime, in clock ticks. */
  ticks: number;
}

/** Linux's USER_HZ: 100 on every architecture a Slurm node runs. */
export const CLOCK_TICKS_PER_SECOND = 100;

/** A /proc/<pid>/stat line; the command name is in parentheses and may hold spaces or ')'. */
export function parseProcStat(text: string): ProcStat | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const pid = Number.parseInt(text, 10);
  // After ") ": state(3) ppid(4) ... utime(14) stime(15), numbered from the pid as 1.
  const rest = text.slice(close + 2).split(' ');
  const ppid = Number(rest[1]);
  const ticks = Number(rest[11]) + Number(rest[12]);
  if (!Number.isInteger(pid) || !Number.isFinite(ppid) || !Number.isFinite(ticks)) return undefined;
  return { pid, ppid, ticks };
}

/** VmRSS of a /proc/<pid>/status text, in bytes (0 for a kernel thread or a zombie). */
export function parseRssBytes(status: string): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

const read = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process ended meanwhile
  }
};

/** The process `root` and all its descendants, from /proc now. */
export function processTree(root: number, proc = '/proc'): ProcStat[] {
  const all: ProcStat[] = [];
  for (const name of readdirSync(proc)) {
    if (!/^\d+$/.test(name)) continue;
    const stat = read(`${proc}/${name}/stat`);
    const parsed = stat && parseProcStat(stat);
    if (parsed) all.push(parsed);
  }
  const children = new Map<number, ProcStat[]>();
  for (const stat of all) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  const tree: ProcStat[] = [];
  const start = all.find((stat) => stat.pid === root);
  const queue = start ? [start] : [];
  while (queue.length > 0) {
    const next = queue.shift() as ProcStat;
    tree.push(next);
    queue.push(...(children.get(next.pid) ?? []));
  }
  return tree;
}

/** CPU percent (100 = one core busy) and RSS of a process tree, from one sample to the next. */
export function createUsageMeter(root: number, proc = '/proc', now = () => Date.now()) {
  // Ticks of each process at the last sample: a process that ended takes its ticks with it.
  let last = new Map<number, number>();
  let lastAt = now();
  return function sample(): { cpuPercent: number; rssBytes: number; processes: number } {
    const tree = processTree(root, proc);
    const at = now();
    let used = 0;
    let rssBytes = 0;
    const seen = new Map<number, number>();
    for (const stat of tree) {
      used += stat.ticks - (last.get(stat.pid) ?? 0);
      seen.set(stat.pid, stat.ticks);
      rssBytes += parseRssBytes(read(`${proc}/${stat.pid}/status`) ?? '');
    }
    const seconds = (at - lastAt) / 1000;
    last = seen;
    lastAt = at;
    const cpuPercent = seconds > 0 ? (used / CLOCK_TICKS_PER_SECOND / seconds) * 100 : 0;
    return { cpuPercent, rssBytes, processes: tree.length };
  };
}
