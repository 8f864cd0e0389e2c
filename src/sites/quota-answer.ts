/** One storage quota line: whose, on which pool (when the API names one), bytes and files. */
export interface StorageQuotaEntry {
  scope: 'user' | 'account';
  name: string;
  pool?: string;
  usedBytes?: number;
  limitBytes?: number;
  usedFiles?: number;
  limitFiles?: number;
}

const UNIT: Record<string, number> = {
  b: 1,
  bytes: 1,
  k: 2 ** 10,
  kb: 2 ** 10,
  m: 2 ** 20,
  mb: 2 ** 20,
  g: 2 ** 30,
  gb: 2 ** 30,
  t: 2 ** 40,
  tb: 2 ** 40,
  p: 2 ** 50,
  pb: 2 ** 50,
};
const POOL_KEYS = ['pool', 'storage', 'fs', 'filesystem', 'file_system', 'mount', 'path'];
const USED = ['used', 'usage', 'use', 'space_used', 'used_space', 'block_used'];
const LIMIT = ['limit', 'quota', 'hard', 'hard_limit', 'space_limit', 'block_limit'];
const USED_FILES = ['files', 'file_used', 'files_used', 'used_files', 'inodes', 'inode_used'];
const LIMIT_FILES = ['file_limit', 'files_limit', 'limit_files', 'inode_limit', 'inode_quota'];

/**
 * The site API's quota answer as entries. SJTU's API answers one object (`used_gb`,
 * `limit_gb`), or a list of them, one per pool, possibly under `data`/`quotas`; sizes may carry
 * their unit in the key (`_gb`, `_tb`, `_bytes`) or in the value ("1.5T"). What cannot be read
 * is left out, never guessed.
 */
export function parseQuotaAnswer(
  answer: unknown,
  scope: 'user' | 'account',
  name: string,
): StorageQuotaEntry[] {
  return rowsOf(answer).flatMap((row) => {
    const pool = POOL_KEYS.map((k) => row[k]).find((v): v is string => typeof v === 'string');
    const usedBytes = sizeOf(row, USED);
    const limitBytes = sizeOf(row, LIMIT);
    const usedFiles = countOf(row, USED_FILES);
    const limitFiles = countOf(row, LIMIT_FILES);
    if ([usedBytes, limitBytes, usedFiles, limitFiles].every((v) => v === undefined)) return [];
    return [
      {
        scope,
        name,
        ...(pool ? { pool } : {}),
        ...(usedBytes !== undefined ? { usedBytes } : {}),
        ...(limitBytes !== undefined ? { limitBytes } : {}),
        ...(usedFiles !== undefined ? { usedFiles } : {}),
        ...(limitFiles !== undefined ? { limitFiles } : {}),
      },
    ];
  });
}

type Row = Record<string, unknown>;
const isRow = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);

function rowsOf(answer: unknown): Row[] {
  if (Array.isArray(answer)) return answer.filter(isRow);
  if (!isRow(answer)) return [];
  for (const key of ['data', 'quotas', 'quota', 'items', 'result']) {
    const inner = answer[key];
    if (Array.isArray(inner) || isRow(inner)) return rowsOf(inner);
  }
  return [answer];
}

/** The first key of `names` present, with or without a unit suffix (`used_gb`), in bytes. */
function sizeOf(row: Row, names: readonly string[]): number | undefined {
  for (const [key, value] of Object.entries(row)) {
    const match = /^(.*?)(?:_(b|bytes|kb|mb|gb|tb|pb))?$/.exec(key.toLowerCase());
    if (!match || !names.includes(match[1] as string)) continue;
    const bytes = bytesOf(value, match[2]);
    if (bytes !== undefined) return bytes;
  }
  return undefined;
}

function bytesOf(value: unknown, unit: string | undefined): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
    return Math.round(value * (unit ? (UNIT[unit] as number) : 1));
  }
  if (typeof value !== 'string') return undefined;
  const m = /^\s*([\d.]+)\s*([kmgtp]?)(?:i?b)?\s*$/i.exec(value);
  if (!m || Number.isNaN(Number(m[1]))) return undefined;
  const inValue = m[2] ? (UNIT[(m[2] as string).toLowerCase()] as number) : undefined;
  return Math.round(Number(m[1]) * (inValue ?? (unit ? (UNIT[unit] as number) : 1)));
}

function countOf(row: Row, names: readonly string[]): number | undefined {
  for (const name of names) {
    const value = row[name];
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  }
  return undefined;
}
