import type { JobOutcome, JobReport } from '../jobs/types.js';
import { clip, formatBytes, formatDuration, formatPercent, formatSignal } from './format.js';
import { stringsFor, type Language } from './i18n.js';

export type Severity = 'success' | 'warning' | 'failure';

/** A job report put into words once; each channel lays it out in its own format. */
export interface Message {
  /** Title with the severity mark, e.g. `✅ [hpc] job 123 train completed`. */
  title: string;
  /** The same without the mark, for channels that show severity their own way (ntfy tags). */
  plainTitle: string;
  severity: Severity;
  outcome: JobOutcome;
  /** What follows a label in this language (`: ` or `：`). */
  colon: string;
  /** One line of text before the fields (test messages), or undefined. */
  intro: string | undefined;
  fields: { label: string; value: string }[];
  hint: { label: string; text: string } | undefined;
  tail: { label: string; lines: string[] } | undefined;
}

const MARKS: Record<Severity, string> = { success: '✅', warning: '⚠️', failure: '❌' };
const TAIL_LINES = 15;
const TAIL_WIDTH = 200;

export function severityOf(outcome: JobOutcome): Severity {
  if (outcome === 'COMPLETED') return 'success';
  if (['CANCELLED', 'PREEMPTED', 'REQUEUED', 'UNKNOWN'].includes(outcome)) return 'warning';
  return 'failure';
}

export interface RenderOptions {
  /** Marks the message as a test sent through `channel`. */
  testChannel?: string;
}

export function renderMessage(
  report: JobReport,
  language: Language,
  options: RenderOptions = {},
): Message {
  const t = stringsFor(language);
  const severity = severityOf(report.outcome);
  const name = report.name ? ` ${report.name}` : '';
  const test = options.testChannel === undefined ? '' : `${t.test} `;
  const plainTitle = `${test}[${report.cluster}] ${t.job} ${report.jobId}${name} ${t.outcomes[report.outcome]}`;
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
    title: `${MARKS[severity]} ${plainTitle}`,
    plainTitle,
    severity,
    outcome: report.outcome,
    colon: t.colon,
    intro: options.testChannel === undefined ? undefined : t.testBody(options.testChannel),
    fields,
    hint: report.hint ? { label: t.labels.hint, text: report.hint } : undefined,
    tail: lines.length ? { label: t.labels.tail, lines } : undefined,
  };
}

function exitText(report: JobReport, t: ReturnType<typeof stringsFor>): string | undefined {
  const parts: string[] = [];
  if (report.exitCode !== undefined) parts.push(t.exitCode(report.exitCode));
  if (report.signal !== undefined && report.signal !== 0) {
    parts.push(t.signal(formatSignal(report.signal)));
  }
  if (report.cancelledBy) parts.push(t.cancelledBy(report.cancelledBy));
  return parts.length ? parts.join(', ') : undefined;
}

function elapsedText(report: JobReport, t: ReturnType<typeof stringsFor>): string | undefined {
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

/** Plain text of the body (no title): fields, hint, then the log tail. */
export function plainBody(message: Message): string {
  const parts: string[] = [];
  if (message.intro) parts.push(message.intro, '');
  const colon = message.colon;
  for (const { label, value } of message.fields) parts.push(`${label}${colon}${value}`);
  if (message.hint) parts.push('', `${message.hint.label}${colon}${message.hint.text}`);
  if (message.tail) parts.push('', `${message.tail.label}${colon.trim()}`, ...message.tail.lines);
  return parts.join('\n');
}

/** A report that shows every field, sent by `slurmdeck notify test`. */
export function sampleReport(language: Language, cluster = 'example'): JobReport {
  return {
    cluster,
    jobId: '12345',
    name: 'train-resnet',
    user: undefined,
    outcome: 'OUT_OF_MEMORY',
    exitCode: 0,
    signal: 9,
    cancelledBy: undefined,
    elapsedSeconds: 5025,
    timeLimitSeconds: 14_400,
    nodes: 'gpu01',
    cpuEfficiency: 0.82,
    memoryEfficiency: 1,
    maxRssBytes: 16 * 2 ** 30,
    requestedMemoryBytes: 16 * 2 ** 30,
    startedAt: undefined,
    endedAt: undefined,
    logPath: '/home/user/slurm-12345.out',
    logTail: ['epoch 3/10 loss=0.412', 'slurmstepd: error: Detected 1 oom_kill event'],
    hint:
      language === 'zh'
        ? '申请更多内存（--mem），或减小 batch size。'
        : 'Ask for more memory (--mem) or lower the batch size.',
  };
}
