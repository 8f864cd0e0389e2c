import { formatBytes, formatDuration } from '../../core/format.js';
import type { Language, NotifyMessage, Severity } from '../../notify/index.js';
import type { JobOutcome, JobReport } from '../types.js';
import { clip } from '../../notify/index.js';
import { formatPercent, formatSignal } from './format.js';
import { stringsFor, type Strings } from './strings.js';

const TAIL_LINES = 15;
const TAIL_WIDTH = 200;

export function severityOf(outcome: JobOutcome): Severity {
  if (outcome === 'COMPLETED') return 'success';
  if (['CANCELLED', 'PREEMPTED', 'REQUEUED', 'UNKNOWN'].includes(outcome)) return 'warning';
  return 'failure';
}

/** What a job's notifications are about: `job/CLUSTER/ID`. */
export function jobSubject(cluster: string, jobId: string): string {
  return `job/${cluster}/${jobId}`;
}

/** The cluster and job of a `job/CLUSTER/ID` subject, or undefined for another kind. */
export function jobOfSubject(subject: string): { cluster: string; jobId: string } | undefined {
  const match = /^job\/(.*)\/([^/]+)$/.exec(subject);
  return match ? { cluster: match[1] as string, jobId: match[2] as string } : undefined;
}

/**
 * Which end of which run of a job: a requeued job keeps its id but starts again, so the start
 * time tells its runs apart; a job that never started is told apart by its end.
 */
export function runIdentity(report: JobReport): string {
  return report.startedAt ?? report.endedAt ?? '';
}

export interface RenderOptions {
  /** Marks the message as a test sent through `channel`. */
  testChannel?: string;
}

/** A job report put into words for notifications, once; each channel lays it out its own way. */
export function renderJobMessage(
  report: JobReport,
  language: Language,
  options: RenderOptions = {},
): NotifyMessage {
  const t = stringsFor(language);
  const name = report.name ? ` ${report.name}` : '';
  const test = options.testChannel === undefined ? '' : `${t.test} `;
  const fields: { label: string; value: string }[] = [];
  const add = (label: string, value: string | undefined) => {
    if (value !== undefined && value !== '') fields.push({ label, value });
  };
  add(t.labels.job, `${report.jobId}${name}${report.user ? ` (${report.user})` : ''}`);
  add(t.labels.cluster, report.cluster);
  add(t.labels.outcome, `${t.outcomes[report.outcome]} (${report.outcome})`);
  add(t.labels.exit, exitText(report, t));
  add(t.labels.elapsed, elapsedText(report, t));
  add(t.labels.nodes, report.nodes);
  add(
    t.labels.cpu,
    report.cpuEfficiency === undefined ? undefined : formatPercent(report.cpuEfficiency),
  );
  add(t.labels.memory, memoryText(report, t.of));
  add(t.labels.log, report.logPath);
  const lines = report.logTail.slice(-TAIL_LINES).map((line) => clip(line, TAIL_WIDTH));
  return {
    event: 'job.ended',
    subject: jobSubject(report.cluster, report.jobId),
    dedupe: [report.cluster, report.jobId, runIdentity(report)],
    title: `${test}[${report.cluster}] ${t.job} ${report.jobId}${name} ${t.outcomes[report.outcome]}`,
    severity: severityOf(report.outcome),
    tags: ['slurm', report.outcome.toLowerCase()],
    language,
    colon: t.colon,
    intro: options.testChannel === undefined ? undefined : t.testBody(options.testChannel),
    fields,
    hint: report.hint ? { label: t.labels.hint, text: report.hint } : undefined,
    tail: lines.length ? { label: t.labels.tail, lines } : undefined,
    payload: report,
  };
}

function exitText(report: JobReport, t: Strings): string | undefined {
  const parts: string[] = [];
  if (report.exitCode !== undefined) parts.push(t.exitCode(report.exitCode));
  if (report.signal !== undefined && report.signal !== 0) {
    parts.push(t.signal(formatSignal(report.signal)));
  }
  if (report.cancelledBy) parts.push(t.cancelledBy(report.cancelledBy));
  return parts.length ? parts.join(', ') : undefined;
}

function elapsedText(report: JobReport, t: Strings): string | undefined {
  if (report.elapsedSeconds === undefined) return undefined;
  const used = formatDuration(report.elapsedSeconds);
  if (report.timeLimitSeconds === null) return t.of(used, t.unlimited);
  if (report.timeLimitSeconds === undefined || report.timeLimitSeconds <= 0) return used;
  const share = formatPercent(report.elapsedSeconds / report.timeLimitSeconds);
  return `${t.of(used, formatDuration(report.timeLimitSeconds))} (${share})`;
}

function memoryText(report: JobReport, of: (a: string, b: string) => string): string | undefined {
  const { maxRssBytes: used, requestedMemoryBytes: asked, memoryEfficiency: share } = report;
  if (used !== undefined && asked !== undefined && asked > 0) {
    return `${of(formatBytes(used), formatBytes(asked))} (${formatPercent(used / asked)})`;
  }
  if (share !== undefined) return formatPercent(share);
  return used === undefined ? undefined : formatBytes(used);
}
