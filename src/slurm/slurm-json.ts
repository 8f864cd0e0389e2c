/**
 * Readers for Slurm's JSON. 22.05 (OpenAPI v0.0.38) prints plain numbers; 23.02 and later wrap
 * many as `{ set, infinite, number }`. Every reader accepts both, and strings of digits.
 */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A number: plain, numeric string or wrapped; Infinity for `infinite`; undefined if unset. */
export function jsonNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  if (isObject(value)) {
    if (value['infinite'] === true) return Infinity;
    if (value['set'] === false) return undefined;
    return jsonNumber(value['number']);
  }
  return undefined;
}

export function jsonString(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** A string or a list of strings (newer Slurm turns many strings into lists). */
export function jsonStrings(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  const s = jsonString(value);
  return s === undefined ? [] : [s];
}

/** Epoch seconds (0 means "not yet") to an ISO 8601 UTC time stamp. */
export function jsonTime(value: unknown): string | undefined {
  const seconds = jsonNumber(value);
  if (seconds === undefined || seconds <= 0 || !Number.isFinite(seconds)) return undefined;
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** Follows a path of keys, returning undefined where one is missing. */
export function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}
