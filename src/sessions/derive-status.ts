import { parseSrunMessage } from '../slurm/index.js';
import type { Probe } from './probe.js';
import type { Phase, PhaseStep } from './types.js';

export interface Derived {
  phase: Phase;
  reason: string | undefined;
  jobId: string | undefined;
  node: string | undefined;
  expectedStart: string | undefined;
  attempt: number;
  badNodes: Array<{ node: string; reason: string; at: number }>;
  timeline: PhaseStep[];
  /** The tmux session vanished without the wrapper saying why: the job must be released. */
  vanished: boolean;
}

interface Item {
  at: number;
  rank: number;
  apply: () => void;
}

const GONE_REASON =
  'the tmux session on the login host is gone (tmux server killed or login node restarted)';

/**
 * The session's phase and its history, from the wrapper's events (login host clock), the
 * start-up markers the shell printed (compute node clock) and, if asked, one squeue line.
 */
export function deriveStatus(
  probe: Probe,
  options: { container: boolean; createdAt: number },
): Derived {
  const d: Derived = {
    phase: 'connecting',
    reason: undefined,
    jobId: undefined,
    node: undefined,
    expectedStart: undefined,
    attempt: 1,
    badNodes: [],
    timeline: [],
    vanished: false,
  };
  let terminal = false;
  const step = (phase: Phase, at: number, detail?: string) => {
    if (terminal) return;
    const last = d.timeline.at(-1);
    if (last && last.phase === phase && last.attempt === d.attempt) return;
    d.phase = phase;
    d.timeline.push({ phase, at, seconds: 0, attempt: d.attempt, ...(detail ? { detail } : {}) });
  };
  const items: Item[] = [];
  for (const e of probe.events) {
    if (e.kind === 'start')
      items.push({ at: e.at, rank: 0, apply: () => step('connecting', e.at) });
    else if (e.kind === 'attempt') {
      const [n, excl] = e.text.split(' ');
      items.push({
        at: e.at,
        rank: 1,
        apply: () => {
          d.attempt = Number(n);
          d.jobId = undefined;
          d.node = undefined;
          if (d.attempt > 1) step('connecting', e.at, `retry ${n}, excluding ${excl}`);
        },
      });
    } else if (e.kind === 'srun') {
      const said = parseSrunMessage(e.text);
      if (said?.kind === 'queued') {
        items.push({
          at: e.at,
          rank: 2,
          apply: () => {
            d.jobId = said.jobId;
            step('queued', e.at);
          },
        });
      } else if (said?.kind === 'allocated') {
        items.push({
          at: e.at,
          rank: 3,
          apply: () => {
            d.jobId = said.jobId;
            d.node = said.nodes;
            if (options.container) step('starting', e.at, 'container');
            else step('allocated', e.at);
          },
        });
      }
    } else if (e.kind === 'bad') {
      const [node, ...why] = e.text.split(' ');
      if (node) {
        items.push({
          at: e.at,
          rank: 6,
          apply: () => d.badNodes.push({ node, reason: why.join(' '), at: e.at }),
        });
      }
    } else if (e.kind === 'failed' || e.kind === 'ended') {
      const phase = e.kind;
      items.push({
        at: e.at,
        rank: 8,
        apply: () => {
          step(phase, e.at);
          d.reason = e.text;
          terminal = true;
        },
      });
    }
  }
  for (const m of probe.markers) {
    const at = Number(m.fields.at(-1));
    if (m.kind === 'UP') {
      items.push({
        at,
        rank: 4,
        apply: () => {
          if (m.attempt !== d.attempt) return;
          d.jobId = m.fields[0];
          d.node = m.fields[1];
          step('starting', at, 'shell');
        },
      });
    } else if (m.kind === 'READY') {
      items.push({ at, rank: 7, apply: () => m.attempt === d.attempt && step('ready', at) });
    }
  }
  items.sort((a, b) => a.at - b.at || a.rank - b.rank);
  for (const item of items) item.apply();
  if (d.timeline.length === 0) step('connecting', options.createdAt);

  if (!terminal && !probe.alive) {
    step('ended', probe.now);
    d.reason = GONE_REASON;
    d.vanished = true;
    terminal = true;
  }
  const job = probe.job;
  if (!terminal && job) {
    d.jobId = job.jobId;
    if (job.state === 'PENDING' && (d.phase === 'connecting' || d.phase === 'queued')) {
      step('queued', probe.now);
      d.reason = job.reason;
      d.expectedStart = job.expectedStart;
    } else if (job.state === 'RUNNING' && (d.phase === 'connecting' || d.phase === 'queued')) {
      d.node = job.nodes;
      step(options.container ? 'starting' : 'allocated', probe.now);
    }
  }
  d.timeline.forEach((s, i) => {
    const next = d.timeline[i + 1];
    s.seconds = Math.max(0, (next ? next.at : terminal ? s.at : probe.now) - s.at);
  });
  return d;
}
