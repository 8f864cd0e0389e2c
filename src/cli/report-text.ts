import type { JobEvent, JobReport } from '../jobs/index.js';
import { formatBytes, formatDuration } from './format.js';

const percent = (value: number | undefined) =>
  value === undefined ? '-' : `${Math.round(value * 100)}%`;

/** A finished job as people read it in a terminal. */
export function reportText(report: JobReport): string {
  const how =
    report.outcome === 'FAILED' && report.signal
      ? `FAILED (signal ${report.signal})`
      : report.outcome === 'FAILED'
        ? `FAILED (exit ${report.exitCode ?? '?'})`
        : report.outcome;
  const lines = [`job ${report.jobId} (${report.name}) on ${report.cluster}: ${how}`];
  lines.push(
    `  ran ${formatDuration(report.elapsedSeconds)} of ${formatDuration(report.timeLimitSeconds)}` +
      `${report.nodes ? ` on ${report.nodes}` : ''}; CPU ${percent(report.cpuEfficiency)}, ` +
      `memory ${percent(report.memoryEfficiency)} (${formatBytes(report.maxRssBytes)} of ${formatBytes(report.requestedMemoryBytes)})`,
  );
  if (report.hint) lines.push(`  hint: ${report.hint}`);
  if (report.logTail.length > 0) {
    lines.push(`  last lines of ${report.logPath}:`);
    for (const line of report.logTail) lines.push(`    | ${line}`);
  }
  return lines.join('\n');
}

export function eventText(event: JobEvent): string | undefined {
  if (event.kind === 'started') return `job ${event.jobId} started on ${event.node ?? '?'}`;
  if (event.kind === 'requeued') return `job ${event.jobId} was requeued: a new run will start`;
  return undefined;
}
