import type { ControllerView, NodeRow, NodeStatus } from '../../admin/index.js';
import { formatDuration } from '../format.js';
import { renderTable } from '../table.js';

const daemon = (d: NodeStatus['munged']) =>
  d.running ? `up ${formatDuration(d.uptimeS)}` : 'DOWN';
const match = (same: boolean | undefined) => (same === undefined ? '?' : same ? 'same' : 'DIFFERS');
const clock = (c: NodeStatus['clock']) =>
  c === undefined ? '?' : `${c.offsetS >= 0 ? '+' : ''}${c.offsetS.toFixed(1)}s`;
const munge = (m: NodeStatus['crossDecode']) =>
  m === undefined ? '?' : m.ok ? 'ok' : m.message.replace(/^\w+: Error: /, '') || `error ${m.code}`;

/** The status table: one line per node; an unreachable node says why instead. */
export function renderStatusRows(rows: ReadonlyArray<NodeRow<NodeStatus>>, width?: number): string {
  const value = (row: NodeRow<NodeStatus>, f: (s: NodeStatus) => string) =>
    row.detail ? f(row.detail) : '-';
  return renderTable(
    rows,
    [
      { header: 'NODE', value: (r) => r.node },
      { header: 'SLURM', value: (r) => value(r, (s) => s.slurm?.stateRaw ?? 'unknown') },
      { header: 'MUNGED', value: (r) => value(r, (s) => daemon(s.munged)) },
      { header: 'SLURMD', value: (r) => value(r, (s) => daemon(s.slurmd)) },
      { header: 'KEY', value: (r) => value(r, (s) => match(s.keyMatches)) },
      { header: 'CONF', value: (r) => value(r, (s) => match(s.confMatches)) },
      { header: 'CLOCK', value: (r) => value(r, (s) => clock(s.clock)), align: 'right' },
      {
        header: 'PORT',
        value: (r) =>
          value(r, (s) => (s.controllerPort?.open ? 'open' : s.controllerPort ? 'CLOSED' : '?')),
      },
      { header: 'DECODE', value: (r) => value(r, (s) => munge(s.crossDecode)), flexible: true },
      {
        header: 'NOTE',
        value: (r) =>
          r.outcome === 'failed' ? `failed: ${r.summary}` : (r.detail?.slurm?.reason ?? ''),
        flexible: true,
      },
    ],
    width,
  );
}

export function describeController(controller: ControllerView | undefined): string {
  if (!controller) return 'controller: not reachable';
  const ctld = controller.slurmctld.running
    ? `${controller.slurmctld.version ?? 'slurmctld'} up ${formatDuration(controller.slurmctld.uptimeS)}`
    : 'slurmctld NOT RUNNING';
  const port = `${controller.slurmctldAddress ?? '?'}:${controller.slurmctldPort}`;
  return `controller ${controller.host ?? '?'}: ${ctld} at ${port}; munged ${controller.mungedRunning ? 'up' : 'NOT RUNNING'}; ${controller.authType ?? 'auth/?'}`;
}

/** Rows of a dry run: what would be done on each node. */
export function renderPlan(rows: ReadonlyArray<NodeRow<unknown>>): string {
  return rows.map((r) => `${r.node}: ${r.summary}`).join('\n');
}
