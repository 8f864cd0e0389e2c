import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SlurmdeckError } from '../core/errors.js';
import {
  appendBatchLine,
  lastSpooledSeq,
  spoolFolder,
  writeRunRecord,
  writeSeqMark,
} from './client-spool.js';

/** A value as JSON can carry it (README.md): the non-finite ones as strings. */
const wireValue = (v: number): number | string =>
  Number.isFinite(v) ? v : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';

export interface LogPointsOptions {
  uid: string;
  project: string;
  values: Record<string, number>;
  step: number;
  /** The server, or undefined to write the spool only. */
  url: string | undefined;
  token: string | undefined;
  spoolRoot: string;
  /** Fields of the init record when this call creates the run (job id, restart count...). */
  init: Record<string, unknown>;
  now?: () => number;
  fetch?: typeof fetch;
}

export type LogOutcome = { via: 'http' | 'spool'; seq: number; folder: string };

class Unreachable extends Error {}

async function call(options: LogPointsOptions, method: string, path: string, body?: unknown) {
  const doFetch = options.fetch ?? fetch;
  let res: Response;
  try {
    res = await doFetch(`${options.url}${path}`, {
      method,
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new Unreachable(String(error));
  }
  if (res.status >= 500 || res.status === 429) throw new Unreachable(`HTTP ${res.status}`);
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  return { status: res.status, json };
}

/**
 * One batch from a shell script (`slurmdeck log`): to the server when it answers, else to the
 * spool. Each call is a new writer, so its seq goes after every seq the server or spool has seen.
 */
export async function logPoints(options: LogPointsOptions): Promise<LogOutcome> {
  const folder = spoolFolder(options.spoolRoot, options.uid);
  const t = (options.now ?? Date.now)() / 1000;
  const points = Object.entries(options.values).map(([k, v]) => ({
    k,
    s: options.step,
    v: wireValue(v),
    t,
  }));
  const record = {
    run: options.uid,
    project: options.project,
    seq_start: 1,
    started_at: t,
    ...options.init,
  };
  let seq = lastSpooledSeq(folder) + 1;
  if (options.url) {
    try {
      const known = await call(
        options,
        'GET',
        `/api/tracker/runs/${encodeURIComponent(options.uid)}`,
      );
      if (known.status === 404) {
        const created = await call(options, 'POST', '/api/tracker/runs', record);
        if (created.status >= 400) throw refused(created.json);
      } else if (known.status >= 400) {
        throw refused(known.json);
      } else {
        seq = Math.max(seq, Number(known.json['nextSeq'] ?? 1));
      }
      const batch = { run: options.uid, seq, points };
      const sent = await call(options, 'POST', '/api/tracker/batches', batch);
      if (sent.status >= 400) throw refused(sent.json);
      writeSeqMark(folder, seq);
      return { via: 'http', seq, folder };
    } catch (error) {
      if (!(error instanceof Unreachable)) throw error;
    }
  }
  if (!existsSync(join(folder, 'run.json'))) writeRunRecord(folder, record);
  appendBatchLine(folder, { run: options.uid, seq, points });
  return { via: 'spool', seq, folder };
}

function refused(body: Record<string, unknown>) {
  return new SlurmdeckError(
    'INVALID_ARGUMENT',
    `the server refused: ${String(body['message'] ?? 'no reason')}`,
    {
      hint:
        typeof body['hint'] === 'string'
          ? body['hint']
          : 'Check SLURMDECK_URL and SLURMDECK_TOKEN.',
    },
  );
}
