import { randomBytes } from 'node:crypto';
import { cleanClusterText } from '../../core/clean-text.js';
import { isSlurmdeckError, SlurmdeckError } from '../../core/errors.js';
import type { Transport } from '../../transport/index.js';
import { CANCEL, copyRunScript, START, STATUS } from './copy-scripts.js';
import type { CopyRow, CopyStore } from './copy-store.js';
import { explainRsyncExit } from './rsync-exit.js';
import { addUpProgress, lastProgress, rsyncErrors, type CopyProgress } from './rsync-progress.js';

export interface CopyHost {
  cluster: string;
  transport: Transport;
}

/** `unreachable`: its host could not be asked this time (nothing is known of it). */
export type CopyPhase = 'running' | 'done' | 'failed' | 'lost' | 'gone' | 'unreachable';

export interface CopyState extends CopyRow {
  phase: CopyPhase;
  exitCode?: number;
  progress?: CopyProgress;
  /** What the exit code means, and what to do. */
  meaning?: string;
  hint?: string;
  errors: string[];
}

const script = (body: string, args: string[]) => ['sh', '-c', body, 'sh', ...args];

/**
 * Starts rsync on the host inside tmux, so a closed laptop or a dropped VPN does not stop it;
 * returns at once with the copy's id.
 */
export async function startCopy(
  host: CopyHost,
  store: CopyStore,
  copy: { source: string; target: string; rsyncArgs?: string[]; parallel?: number },
): Promise<CopyRow> {
  for (const [what, path] of [
    ['source', copy.source],
    ['target', copy.target],
  ] as const) {
    if (!path.trim() || path.startsWith('-')) {
      throw new SlurmdeckError('INVALID_ARGUMENT', `the ${what} "${path}" is not a path`, {
        hint: 'Give a path (one starting with "-" would be read as an rsync option: write ./NAME).',
      });
    }
  }
  const row: CopyRow = {
    id: randomBytes(4).toString('hex'),
    cluster: host.cluster,
    source: copy.source,
    target: copy.target,
    startedAt: Math.floor(Date.now() / 1000),
    rsyncArgs: copy.rsyncArgs ?? [],
    parallel: copy.parallel ?? 1,
  };
  await run(host, row);
  store.add(row);
  return row;
}

/** Runs an ended copy again: rsync skips what arrived and finishes the partial files. */
export async function resumeCopy(host: CopyHost, row: CopyRow, store: CopyStore): Promise<void> {
  const [state] = await copyStates(host, [row]);
  if (state?.phase !== 'failed' && state?.phase !== 'lost') {
    // A finished copy run again would overwrite what was changed at the target since.
    throw new SlurmdeckError(
      'INVALID_ARGUMENT',
      `copy ${row.id} is ${state?.phase ?? 'unknown'}: only a failed or stopped copy resumes`,
      {
        hint:
          state?.phase === 'done'
            ? 'It is complete. To copy again (overwriting changes at the target), start a new copy.'
            : `See \`slurmdeck data status ${row.id}\`.`,
      },
    );
  }
  await run(host, row);
  store.reopen(row.id, Math.floor(Date.now() / 1000));
}

async function run(host: CopyHost, row: CopyRow): Promise<void> {
  const result = await host.transport.exec(script(START, [row.id]), {
    stdin: copyRunScript(row.id, row.source, row.target, row.rsyncArgs, row.parallel),
    timeoutMs: 30_000,
  });
  if (result.exitCode !== 0 || !result.stdout.includes('STARTED')) {
    throw new SlurmdeckError(
      'SLURM_REJECTED',
      `copy ${row.id} did not start on ${host.transport.target}: ${cleanClusterText(result.stderr).trim() || `exit ${result.exitCode}`}`,
      {
        hint:
          result.exitCode === 5
            ? `It is still running: \`slurmdeck data status ${row.id}\`.`
            : 'Install rsync and tmux on the data node, or route the copy to another host.',
      },
    );
  }
}

/** Where each copy stands, from one command on the host for all of them. */
export async function copyStates(host: CopyHost, rows: CopyRow[]): Promise<CopyState[]> {
  if (rows.length === 0) return [];
  const result = await host.transport.exec(
    script(
      STATUS,
      rows.map((r) => r.id),
    ),
    { timeoutMs: 30_000 },
  );
  const seen = parseStatus(result.stdout);
  return rows.map((row) => stateOf(row, seen.get(row.id)));
}

export async function cancelCopy(host: CopyHost, row: CopyRow): Promise<boolean> {
  const result = await host.transport.exec(script(CANCEL, [row.id]), { timeoutMs: 30_000 });
  return result.stdout.includes('CANCELLED');
}

interface Seen {
  gone: boolean;
  alive: boolean;
  exit?: number;
  log: string;
  /** Parallel streams: bytes in all, and each stream's log tail. */
  total?: number;
  parts: string[];
}

function parseStatus(stdout: string): Map<string, Seen> {
  const out = new Map<string, Seen>();
  let current: Seen | undefined;
  for (const line of stdout.split('\n')) {
    const [word, ...rest] = line.split(' ');
    const value = rest.join(' ');
    if (word === 'ID')
      out.set(value, (current = { gone: false, alive: false, log: '', parts: [] }));
    else if (!current) continue;
    else if (word === 'GONE') current.gone = true;
    else if (word === 'ALIVE') current.alive = true;
    else if (word === 'EXIT' && /^\d+$/.test(value)) current.exit = Number(value);
    else if (word === 'LOG') current.log = Buffer.from(value, 'base64').toString('utf8');
    else if (word === 'TOTAL' && /^\d+$/.test(value)) current.total = Number(value);
    else if (word === 'PART') current.parts.push(Buffer.from(value, 'base64').toString('utf8'));
  }
  return out;
}

function stateOf(row: CopyRow, seen: Seen | undefined): CopyState {
  if (!seen) {
    return {
      ...row,
      phase: 'unreachable',
      errors: [],
      hint: 'The host said nothing of it this time; ask again.',
    };
  }
  if (seen.gone) {
    return {
      ...row,
      phase: 'gone',
      errors: [],
      hint: 'Its folder on the host is gone (removed by hand?).',
    };
  }
  const progress = progressOf(seen);
  const errors = [seen.log, ...seen.parts]
    .flatMap((log) => rsyncErrors(log))
    .map((l) => cleanClusterText(l));
  const base = { ...row, errors, ...(progress ? { progress } : {}) };
  if (seen.alive && seen.exit === undefined) return { ...base, phase: 'running' };
  if (seen.exit === undefined) {
    return {
      ...base,
      phase: 'lost',
      meaning: 'it stopped without an exit code (the host rebooted or tmux was killed)',
      hint: `Resume it: \`slurmdeck data resume ${row.id}\`.`,
    };
  }
  const why = explainRsyncExit(seen.exit);
  return {
    ...base,
    phase: why.ok ? 'done' : 'failed',
    exitCode: seen.exit,
    meaning: why.meaning,
    ...(why.hint ? { hint: why.hint.replace(' ID', ` ${row.id}`) } : {}),
  };
}

/** With parallel streams, the streams' progress added up; else the one rsync's. */
function progressOf(seen: Seen): CopyProgress | undefined {
  if (seen.total === undefined || seen.parts.length === 0) return lastProgress(seen.log);
  const parts = seen.parts.map((log) => lastProgress(log)).filter((p) => p !== undefined);
  const added = addUpProgress(parts, seen.total);
  // Sizes of links and files changed meanwhile make the sum miss the total by a little.
  return seen.exit === 0 ? { ...added, percent: 100, eta: '0:00:00' } : added;
}

/**
 * Copies on several hosts: one command per host for all of its copies, in the rows' order. A
 * host that cannot be asked (VPN down, cluster gone from the config) makes its copies
 * `unreachable`, never the others' answers fail.
 */
export async function copyStatesOnHosts(
  rows: CopyRow[],
  transportOf: (cluster: string) => Transport,
): Promise<CopyState[]> {
  const clusters = [...new Set(rows.map((r) => r.cluster))];
  const states = (
    await Promise.all(
      clusters.map(async (cluster) => {
        const mine = rows.filter((r) => r.cluster === cluster);
        try {
          return await copyStates({ cluster, transport: transportOf(cluster) }, mine);
        } catch (error) {
          const why = isSlurmdeckError(error) ? error.message : String(error);
          return mine.map((row): CopyState => ({
            ...row,
            phase: 'unreachable',
            errors: [],
            meaning: `cannot ask its host: ${cleanClusterText(why)}`,
            hint: isSlurmdeckError(error) && error.hint ? error.hint : 'Try again later.',
          }));
        }
      }),
    )
  ).flat();
  return rows.map((r) => states.find((s) => s.id === r.id) as CopyState);
}
