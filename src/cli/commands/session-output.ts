import type { BadNode, SessionListing, SessionStatus } from '../../sessions/index.js';
import { formatDuration } from '../format.js';
import { renderTable } from '../table.js';

/** `session status` as text: the phase and its why, then how long each step took. */
export function formatStatus(s: SessionStatus): string {
  const lines = [
    `session ${s.name} on ${s.cluster}: ${s.phase}${s.reason ? ` (${s.reason})` : ''}`,
  ];
  if (s.jobId)
    lines.push(
      `job ${s.jobId}${s.node ? ` on ${s.node}` : ''}${s.attempt > 1 ? `, attempt ${s.attempt}` : ''}`,
    );
  if (s.expectedStart) lines.push(`expected start: ${s.expectedStart}`);
  if (s.attached) lines.push('someone is attached in tmux');
  for (const bad of s.badNodes) lines.push(`excluded ${bad.node}: ${bad.reason}`);
  lines.push(
    '',
    renderTable(s.timeline, [
      {
        header: 'STEP',
        value: (t) => `${t.phase}${t.detail ? ` (${t.detail})` : ''}`,
        flexible: true,
      },
      { header: 'ATTEMPT', value: (t) => String(t.attempt), align: 'right' },
      { header: 'TOOK', value: (t) => formatDuration(t.seconds), align: 'right' },
    ]),
  );
  return lines.join('\n');
}

export function formatList(sessions: readonly SessionListing[], now: number): string {
  return renderTable(sessions, [
    { header: 'NAME', value: (s) => s.name },
    { header: 'PHASE', value: (s) => s.phase },
    { header: 'JOB', value: (s) => s.jobId ?? '-', align: 'right' },
    { header: 'NODE', value: (s) => s.node ?? '-' },
    {
      header: 'AGE',
      value: (s) => (s.createdAt ? formatDuration(now - s.createdAt) : '-'),
      align: 'right',
    },
    { header: 'NOTE', value: (s) => (s.attached ? 'attached' : (s.reason ?? '')), flexible: true },
  ]);
}

export function formatExcluded(nodes: readonly BadNode[], now: number): string {
  return renderTable(nodes, [
    { header: 'NODE', value: (n) => n.node },
    { header: 'FOR', value: (n) => formatDuration(n.expiresAt - now), align: 'right' },
    { header: 'REASON', value: (n) => n.reason, flexible: true },
  ]);
}
