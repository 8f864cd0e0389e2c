import type { AccountingRecord } from '../slurm/index.js';
import type { CompletionRecord } from './types.js';

/** `+0800` (from `date +%z` on the cluster) as minutes east of UTC. */
export function parseUtcOffset(text: string): number | undefined {
  const match = /^([+-])(\d{2})(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/** Slurm's times are the cluster's local time without a zone: read them with its offset. */
export function clusterTime(local: string | undefined, offsetMinutes: number): number | undefined {
  if (!local) return undefined;
  const asUtc = Date.parse(`${local}Z`);
  return Number.isNaN(asUtc) ? undefined : asUtc - offsetMinutes * 60_000;
}

// Clocks of the compute node and the controller differ a little; a container may take minutes to start.
const SLACK_MS = 2 * 60_000;

/**
 * Whether a completion record was written by this run of the job. Job ids come back (a rebuilt
 * cluster, a wrapped-around counter): a record left by an older job of the same id must not
 * decide how this one ended.
 */
export function recordBelongsToRun(
  record: CompletionRecord,
  accounting: AccountingRecord,
  offsetMinutes: number,
): boolean {
  const jobStart = clusterTime(accounting.startTime, offsetMinutes);
  const jobEnd = clusterTime(accounting.endTime, offsetMinutes);
  const started = Date.parse(record.startedAt);
  const ended = Date.parse(record.endedAt);
  if (jobStart !== undefined && started < jobStart - SLACK_MS) return false;
  if (jobEnd !== undefined && ended > jobEnd + SLACK_MS) return false;
  return true;
}
