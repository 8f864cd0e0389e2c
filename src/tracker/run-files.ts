import type { FileCheck, RunFile, RunFileKind, WireFile } from './types.js';

/** The row both stores keep per (run, path); times in ms. */
export interface RunFileRow {
  path: string;
  kind: string;
  size: number | string | null;
  mtime: number | string | null;
  declared_at: number | string;
  checked_at: number | string | null;
  missing: number | boolean;
}

/** Columns in the order both stores' upserts take them. */
export const FILE_COLUMNS = '(run_id, path, kind, size, mtime, declared_at)';

const orNull = (value: number | undefined) => (value === undefined ? null : value);
const asNumber = (value: number | string | null) => (value === null ? undefined : Number(value));

/**
 * The latest declaration of each path in these batches' files, as the values an upsert takes
 * (`size` in bytes, times in ms): a path declared twice in one call keeps only its later row.
 */
export function fileValues(files: readonly WireFile[]): Array<Array<string | number | null>> {
  const latest = new Map<string, WireFile>();
  for (const file of files) {
    const seen = latest.get(file.path);
    if (!seen || seen.t <= file.t) latest.set(file.path, file);
  }
  return [...latest.values()].map((f) => [
    f.path,
    f.kind,
    orNull(f.size === undefined ? undefined : Math.round(f.size)),
    orNull(f.mtime === undefined ? undefined : Math.round(f.mtime * 1000)),
    Math.round(f.t * 1000),
  ]);
}

/** What a look found, as the values an update takes: size, mtime (ms), missing. */
export function checkValues(check: FileCheck): [number | null, number | null, boolean] {
  return [orNull(check.size), orNull(check.mtime), check.missing];
}

export function toRunFile(row: RunFileRow): RunFile {
  return {
    path: row.path,
    kind: row.kind as RunFileKind,
    size: asNumber(row.size),
    mtime: asNumber(row.mtime),
    declaredAt: Number(row.declared_at),
    checkedAt: asNumber(row.checked_at),
    missing: row.missing === true || row.missing === 1,
  };
}

export const FILE_SELECT =
  'SELECT path, kind, size, mtime, declared_at, checked_at, missing FROM tracker_files';

/** Checkpoints first (what a user looks for), then artifacts, then logs; paths byte-wise. */
export const fileOrder = (bytewise: string) =>
  `ORDER BY CASE kind WHEN 'checkpoint' THEN 0 WHEN 'artifact' THEN 1 ELSE 2 END, path ${bytewise}`;
