import { SlurmdeckError } from '../core/errors.js';
import type { Batch, RunFileKind, WireFile, WirePoint } from './types.js';

/** Longest metric key accepted (`sys/gpu0/memory_used` and the like fit easily). */
export const MAX_KEY_LENGTH = 256;

/** Steps stay below 2^51 so the codec's zigzag deltas are exact doubles. */
export const MAX_STEP = 2 ** 51 - 1;

/** JSON has no NaN or infinities: clients send these strings (or null for NaN). */
const SPECIAL_VALUES: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};

const invalid = (where: string, what: string) =>
  new SlurmdeckError('INVALID_ARGUMENT', `${where}: ${what}`, {
    hint: 'Each batch is {"run": UID, "seq": N>=1, "points": [{"k": KEY, "s": STEP, "v": VALUE, "t": UNIX_SECONDS}], optional "files": [{"path": ABSOLUTE_PATH, "kind": "checkpoint"|"artifact"|"log", "size": BYTES, "mtime": UNIX_SECONDS, "t": UNIX_SECONDS}]} (src/tracker/README.md).',
  });

function toValue(raw: unknown, where: string): number {
  if (typeof raw === 'number') return raw;
  if (raw === null) return Number.NaN;
  if (typeof raw === 'string' && raw in SPECIAL_VALUES) return SPECIAL_VALUES[raw] as number;
  throw invalid(where, 'v must be a number, null, "NaN", "Infinity" or "-Infinity"');
}

function toPoint(raw: unknown, where: string): WirePoint {
  if (typeof raw !== 'object' || raw === null) throw invalid(where, 'a point must be an object');
  const { k, s, v, t } = raw as Record<string, unknown>;
  if (typeof k !== 'string' || k.length === 0 || k.length > MAX_KEY_LENGTH) {
    throw invalid(where, `k must be a key of 1 to ${MAX_KEY_LENGTH} characters`);
  }
  if (typeof s !== 'number' || !Number.isInteger(s) || s < 0 || s > MAX_STEP) {
    throw invalid(where, `s must be a whole step from 0 to ${MAX_STEP}`);
  }
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) {
    throw invalid(where, 't must be unix seconds');
  }
  return { k, s, v: toValue(v, where), t };
}

/** Files a batch may declare: a checkpoint every step for a long run stays far below. */
export const MAX_FILES_PER_BATCH = 1000;
const FILE_KINDS: readonly RunFileKind[] = ['checkpoint', 'artifact', 'log'];

function optionalNumber(value: unknown, where: string, what: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw invalid(where, `${what} must be a number >= 0`);
  }
  return value;
}

function toFile(raw: unknown, where: string): WireFile {
  if (typeof raw !== 'object' || raw === null) throw invalid(where, 'a file must be an object');
  const { path, kind, size, mtime, t } = raw as Record<string, unknown>;
  // Absolute and printable: it is looked at later with stat on a login node, as an argument.
  if (typeof path !== 'string' || !/^\/[^\0\n\r]{0,4095}$/.test(path)) {
    throw invalid(where, 'path must be an absolute path (up to 4096 characters, one line)');
  }
  if (typeof kind !== 'string' || !FILE_KINDS.includes(kind as RunFileKind)) {
    throw invalid(where, `kind must be one of ${FILE_KINDS.join(', ')}`);
  }
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) {
    throw invalid(where, 't must be unix seconds');
  }
  return {
    path,
    kind: kind as RunFileKind,
    size: optionalNumber(size, where, 'size'),
    mtime: optionalNumber(mtime, where, 'mtime'),
    t,
  };
}

/** Checks one batch as sent; `where` names it in errors (`line 3`, `batch 2`). */
export function toBatch(raw: unknown, where: string): Batch {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw invalid(where, 'a batch must be an object');
  }
  const { run, seq, points, files } = raw as Record<string, unknown>;
  if (typeof run !== 'string' || !/^[\w.-]{1,128}$/.test(run)) {
    throw invalid(where, 'run must be the run id (letters, digits, _ . -)');
  }
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) {
    throw invalid(where, 'seq must be a whole number >= 1');
  }
  if (!Array.isArray(points)) throw invalid(where, 'points must be a list');
  const checked = new Array<WirePoint>(points.length);
  for (let i = 0; i < points.length; i++) checked[i] = toPoint(points[i], `${where} point ${i}`);
  if (files === undefined) return { run, seq, points: checked };
  if (!Array.isArray(files) || files.length > MAX_FILES_PER_BATCH) {
    throw invalid(where, `files must be a list of at most ${MAX_FILES_PER_BATCH}`);
  }
  return { run, seq, points: checked, files: files.map((f, i) => toFile(f, `${where} file ${i}`)) };
}

/** A JSON body: one batch, a list of batches, or `{"batches": [...]}`. */
export function parseJsonBatches(body: unknown): Batch[] {
  const list = Array.isArray(body)
    ? body
    : typeof body === 'object' &&
        body !== null &&
        Array.isArray((body as { batches?: unknown }).batches)
      ? (body as { batches: unknown[] }).batches
      : [body];
  return list.map((raw, i) => toBatch(raw, `batch ${i}`));
}

/**
 * NDJSON: one batch a line, as in the spool's batches.ndjson. Blank lines are skipped; a line
 * that is not JSON is refused with its number (a spool reader leaves a partial last line out).
 */
export function parseNdjsonBatches(text: string): Batch[] {
  const batches: Batch[] = [];
  let start = 0;
  let line = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    line++;
    const raw = text.slice(start, end).trim();
    start = end + 1;
    if (!raw) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw invalid(`line ${line}`, 'not valid JSON');
    }
    batches.push(toBatch(parsed, `line ${line}`));
  }
  return batches;
}
