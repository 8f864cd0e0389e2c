import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The client side of the spool (README.md): what `slurmdeck log` writes when the server cannot
 * be reached, in the same files the Python client writes.
 */
export function spoolFolder(root: string, uid: string): string {
  return join(root, 'tracker', uid);
}

function atomicWrite(path: string, text: string): void {
  const tmp = `${path}.tmp.${process.pid}`;
  writeFileSync(tmp, text);
  const fd = openSync(tmp, 'r');
  fsyncSync(fd);
  closeSync(fd);
  renameSync(tmp, path);
}

export function writeRunRecord(folder: string, record: Record<string, unknown>): void {
  mkdirSync(folder, { recursive: true });
  atomicWrite(join(folder, 'run.json'), JSON.stringify(record));
}

/** Appends one batch as one whole line in a single write, so a reader never sees half of it. */
export function appendBatchLine(folder: string, batch: unknown): void {
  mkdirSync(folder, { recursive: true });
  const fd = openSync(join(folder, 'batches.ndjson'), 'a', 0o644);
  try {
    writeSync(fd, `${JSON.stringify(batch)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function writeSeqMark(folder: string, seq: number): void {
  mkdirSync(folder, { recursive: true });
  atomicWrite(join(folder, 'seq'), String(seq));
}

/** The highest seq the spool shows: its seq file or the last whole line of batches.ndjson. */
export function lastSpooledSeq(folder: string): number {
  let best = 0;
  try {
    best = Number.parseInt(readFileSync(join(folder, 'seq'), 'utf8'), 10) || 0;
  } catch {
    // no seq file yet
  }
  let text = '';
  try {
    text = readFileSync(join(folder, 'batches.ndjson'), 'utf8');
  } catch {
    return best;
  }
  const lines = text.split('\n').slice(0, -1);
  for (let i = lines.length - 1; i >= 0; i--) {
    try {
      const seq = (JSON.parse(lines[i] as string) as { seq?: unknown }).seq;
      if (typeof seq === 'number') return Math.max(best, seq);
    } catch {
      // a damaged line: look further back
    }
  }
  return best;
}

/** The job's note of its run (tracker-jobs/<cluster>_<job>), written whole. */
export function writeJobNote(path: string, uid: string): void {
  mkdirSync(dirname(path), { recursive: true });
  atomicWrite(path, uid);
}

/** What the client leaves when it finished while the server could not be reached. */
export function writeFinishRecord(folder: string, record: Record<string, unknown>): void {
  mkdirSync(folder, { recursive: true });
  atomicWrite(join(folder, 'finish.json'), JSON.stringify(record));
}
