/**
 * Our list views ask Slurm for fields separated by ASCII Unit Separator (0x1f): it cannot be
 * typed into a job name or a reason by accident, unlike '|' (which job names may contain).
 */
export const FIELD_SEP = '\x1f';

/** Splits delimited output into records of exactly `fieldCount` fields. */
export function splitRecords(stdout: string, fieldCount: number): string[][] {
  const records: string[][] = [];
  for (const line of stdout.split('\n')) {
    if (line === '') continue;
    const fields = line.split(FIELD_SEP);
    const previous = records.at(-1);
    // A newline inside the last (free-text) field leaves a line without separators: glue it back.
    if (fields.length === 1 && previous !== undefined) {
      previous[fieldCount - 1] += `\n${line}`;
      continue;
    }
    if (fields.length < fieldCount) {
      // Fewer fields than asked for is not something a newer Slurm would do; skip, don't guess.
      continue;
    }
    // The last field is free text: any separator inside it belongs to it.
    const head = fields.slice(0, fieldCount - 1);
    head.push(fields.slice(fieldCount - 1).join(FIELD_SEP));
    records.push(head);
  }
  return records;
}

/** Slurm prints "missing" many ways; all of them mean undefined here. */
export function text(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '' || MISSING.has(trimmed)) return undefined;
  return trimmed;
}

const MISSING = new Set(['(null)', 'N/A', 'n/a', 'None', 'none', '(None)', 'Unknown', 'NONE']);

/** An integer field, or undefined for N/A and friends. */
export function integer(value: string | undefined): number | undefined {
  const t = text(value);
  if (t === undefined || !/^-?\d+$/.test(t)) return undefined;
  return Number(t);
}

/** A decimal field (CPU load `0.52`), or undefined. */
export function decimal(value: string | undefined): number | undefined {
  const t = text(value);
  if (t === undefined || !/^-?\d+(\.\d+)?$/.test(t)) return undefined;
  return Number(t);
}
