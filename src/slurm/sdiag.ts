import { runSlurm, type RunContext, type RunOptions } from './run.js';

export interface RpcStat {
  /** Slurm's message type number, or the uid for per-user lines. */
  id: number;
  count: number;
  /** Microseconds. */
  aveTime: number;
  totalTime: number;
}

export interface SdiagReport {
  /** `Key: number` lines of the header (`Server thread count`, `Jobs submitted`...). */
  counters: Record<string, number>;
  /** `REQUEST_JOB_INFO` -> its counts, from "Remote Procedure Call statistics by message type". */
  rpcsByType: Record<string, RpcStat>;
  /** User name -> counts, from "Remote Procedure Call statistics by user". */
  rpcsByUser: Record<string, RpcStat>;
}

const RPC_LINE = /^\s*(\S+)\s*\(\s*(\d+)\)\s+count:(\d+)\s+ave_time:(\d+)\s+total_time:(\d+)/;

/** Parses `sdiag` output; what costs the controller what is read from the RPC sections. */
export function parseSdiag(stdout: string): SdiagReport {
  const report: SdiagReport = { counters: {}, rpcsByType: {}, rpcsByUser: {} };
  let section: Record<string, RpcStat> | undefined;
  for (const line of stdout.split('\n')) {
    if (/^Remote Procedure Call statistics by message type/i.test(line)) {
      section = report.rpcsByType;
      continue;
    }
    if (/^Remote Procedure Call statistics by user/i.test(line)) {
      section = report.rpcsByUser;
      continue;
    }
    if (/^\S/.test(line)) section = undefined; // any other unindented header ends a section
    const rpc = RPC_LINE.exec(line);
    if (section && rpc) {
      const [, name = '', id, count, ave, total] = rpc;
      section[name] = {
        id: Number(id),
        count: Number(count),
        aveTime: Number(ave),
        totalTime: Number(total),
      };
      continue;
    }
    const counter = /^\s*([A-Za-z][\w ()/-]*?):\s+(\d+)\s*$/.exec(line);
    if (!section && counter?.[1] !== undefined) report.counters[counter[1]] = Number(counter[2]);
  }
  return report;
}

/** How many RPCs of `type` happened between two reports (0 when the type never appeared). */
export function rpcDelta(before: SdiagReport, after: SdiagReport, type: string): number {
  return (after.rpcsByType[type]?.count ?? 0) - (before.rpcsByType[type]?.count ?? 0);
}

export async function sdiag(ctx: RunContext, options: RunOptions = {}): Promise<SdiagReport> {
  return parseSdiag((await runSlurm(ctx, ['sdiag'], options)).stdout);
}
