import { SlurmdeckError } from '../core/errors.js';
import { formatDuration } from '../core/format.js';
import { parseDuration } from './duration.js';
import { TIME_HINT, TIME_LIMIT } from './sbatch-options.js';
import type { Partition } from './types.js';

/** A requested time limit in seconds; null for none (UNLIMITED, INFINITE, and 0 as sbatch reads it). */
export function timeLimitSeconds(value: string): number | null {
  const seconds = TIME_LIMIT.test(value) ? parseDuration(value) : undefined;
  if (seconds === undefined) {
    throw new SlurmdeckError('INVALID_ARGUMENT', `invalid time limit: ${JSON.stringify(value)}`, {
      hint: TIME_HINT,
    });
  }
  return seconds === 0 ? null : seconds;
}

const fits = (seconds: number | null, partition: Partition) =>
  typeof partition.maxTimeSeconds !== 'number' ||
  (seconds !== null && seconds <= partition.maxTimeSeconds);

/**
 * Refuses a time limit over the MaxTime of every partition the job may run in (`wanted`, or the
 * default partition): Slurm would queue it and leave it PENDING (PartitionTimeLimit) for good.
 * Partitions the view does not know are left to sbatch, which names the real ones.
 */
export function checkTimeLimit(
  time: string,
  wanted: readonly string[] | undefined,
  partitions: readonly Partition[],
): void {
  const seconds = timeLimitSeconds(time);
  const candidates = wanted
    ? wanted.map((name) => partitions.find((p) => p.name === name))
    : partitions.filter((p) => p.isDefault);
  if (candidates.length === 0 || candidates.some((p) => p === undefined || fits(seconds, p))) {
    return;
  }
  const over = candidates as Partition[];
  const limits = over.map((p) => `${p.name} ${formatDuration(p.maxTimeSeconds)}`).join(', ');
  const longest = Math.max(...over.map((p) => p.maxTimeSeconds as number));
  const roomier = partitions.filter((p) => !over.includes(p) && fits(seconds, p));
  throw new SlurmdeckError(
    'INVALID_ARGUMENT',
    `time limit ${time} is over the partition's MaxTime (${limits}): the job would never start`,
    {
      hint:
        `Ask for at most ${formatDuration(longest)}` +
        (roomier.length
          ? `, or use a partition that allows it: ${roomier.map((p) => `${p.name} (${formatDuration(p.maxTimeSeconds)})`).join(', ')}.`
          : '.'),
    },
  );
}
