export type Severity = 'success' | 'warning' | 'failure';
export type Language = 'en' | 'zh';

/**
 * One notification put into words, about anything (a job end, a tracker alert, a node going
 * down): whoever sends it renders it; each channel lays it out in its own format.
 */
export interface NotifyMessage {
  /** What happened, as machine receivers tell messages apart: `job.ended`, `notify.test`... */
  event: string;
  /** What it is about, e.g. `job/hpc/4242`: listings go by it. */
  subject: string;
  /** Same parts, same message: enqueued twice for one channel, it is one row (e.g. cluster, job, run). */
  dedupe: readonly string[];
  /** The title without the severity mark, e.g. `[hpc] job 123 train completed`. */
  title: string;
  severity: Severity;
  /** Words for channels that show tags (ntfy), after the severity's own. */
  tags: string[];
  language: Language;
  /** What follows a label in this language (`: ` or `：`). */
  colon: string;
  /** One line of text before the fields, or undefined. */
  intro: string | undefined;
  fields: { label: string; value: string }[];
  hint: { label: string; text: string } | undefined;
  tail: { label: string; lines: string[] } | undefined;
  /** Structured data for machine receivers (a webhook's `data.report`); any JSON. */
  payload: unknown;
}

const MARKS: Record<Severity, string> = { success: '✅', warning: '⚠️', failure: '❌' };

/** The title with the severity mark in front, e.g. `✅ [hpc] job 123 train completed`. */
export function markedTitle(message: NotifyMessage): string {
  return `${MARKS[message.severity]} ${message.title}`;
}

/** Plain text of the body (no title): intro, fields, hint, then the log tail. */
export function plainBody(message: NotifyMessage): string {
  const parts: string[] = [];
  if (message.intro) parts.push(message.intro, '');
  const colon = message.colon;
  for (const { label, value } of message.fields) parts.push(`${label}${colon}${value}`);
  if (message.hint) parts.push('', `${message.hint.label}${colon}${message.hint.text}`);
  if (message.tail) parts.push('', `${message.tail.label}${colon.trim()}`, ...message.tail.lines);
  return parts.join('\n');
}

/** A message as stored in the outbox; JSON's nulls (rows written by a migration) read as absent. */
export function parseStoredMessage(json: string): NotifyMessage {
  const stored = JSON.parse(json) as NotifyMessage;
  return {
    ...stored,
    dedupe: stored.dedupe ?? [],
    tags: stored.tags ?? [],
    intro: stored.intro ?? undefined,
    hint: stored.hint ?? undefined,
    tail: stored.tail ?? undefined,
  };
}
