import { parseOwnJobs } from '../slurm/index.js';
import { isOurTmuxName, nameOfTmux } from './names.js';
import { LIST } from './remote-scripts.js';
import { runRemote, splitQueue, type SessionContext } from './remote.js';
import { LIVE_PHASES, type Phase, type SessionListing } from './types.js';

/**
 * Every session of this cluster, from the index, checked against the login host in one exec
 * (tmux, the wrapper's last word, one squeue); tmux sessions of ours the index does not know
 * (left from a crash, or a lost state file) come back as orphaned, with their job.
 */
export async function listSessions(ctx: SessionContext): Promise<SessionListing[]> {
  const rows = ctx.store.list();
  const answer = await runRemote(
    ctx,
    LIST,
    rows.map((r) => r.tmux),
  );
  const { tmux, lastWord, jobs } = parseListAnswer(answer);
  const listed: SessionListing[] = rows.map((row) => {
    const live = tmux.get(row.tmux);
    const job = jobs.get(row.tmux);
    const word = lastWord.get(row.tmux);
    let phase = row.phase;
    let reason = row.reason;
    if (word) ({ phase, reason } = word);
    else if (!live && LIVE_PHASES.includes(phase)) {
      phase = 'ended';
      reason = 'the tmux session is gone (run `session status` to release its job)';
    }
    return {
      name: row.name,
      tmux: row.tmux,
      phase,
      jobId: job?.jobId ?? row.jobId,
      node: job?.node ?? row.node,
      createdAt: row.createdAt,
      attached: live?.attached ?? false,
      reason,
    };
  });
  const known = new Set(rows.map((r) => r.tmux));
  for (const [name, info] of tmux) {
    if (known.has(name) || !isOurTmuxName(name)) continue;
    const job = jobs.get(name);
    listed.push({
      name: nameOfTmux(name),
      tmux: name,
      phase: 'orphaned',
      jobId: job?.jobId,
      node: job?.node,
      createdAt: info.created,
      attached: info.attached,
      reason: `not in this machine's index${job ? ` (job ${job.jobId} ${job.state})` : ''}; \`session stop ${name}\` ends it`,
    });
  }
  return listed;
}

/** LIST's answer: our tmux sessions, the wrapper's last word per session, our jobs by name. */
export function parseListAnswer(answer: string) {
  const { lines, queue } = splitQueue(answer);
  const tmux = new Map<string, { attached: boolean; created: number }>();
  const lastWord = new Map<string, { phase: Phase; reason: string }>();
  for (const line of lines) {
    const [kind, ...rest] = line.split(' ');
    if (kind === 'S' && rest[0]) {
      tmux.set(rest[0], { attached: Number(rest[1]) > 0, created: Number(rest[2]) });
    } else if (kind === 'E' && rest[0] && rest[2]) {
      lastWord.set(rest[0], { phase: rest[2] as Phase, reason: rest.slice(3).join(' ') });
    }
  }
  const jobs = new Map<string, { jobId: string; state: string; node: string | undefined }>();
  for (const job of parseOwnJobs(queue)) {
    jobs.set(job.name, { jobId: job.jobId, state: job.state, node: job.nodeList });
  }
  return { tmux, lastWord, jobs };
}
