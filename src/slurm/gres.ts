import type { Gres } from './types.js';

/**
 * Parses Slurm GRES lists: `gpu:a100:4`, `gpu:4`, `gpu:a100:3(IDX:0-2)`, `gpu:a100:4(S:0-1)`,
 * comma-separated lists, the `gres:`/`gres/` prefix squeue puts on TRES-per-node, and `(null)`.
 */
export function parseGres(value: string | undefined): Gres[] {
  if (value === undefined) return [];
  const out: Gres[] = [];
  for (const entry of splitOutsideParens(value.trim())) {
    const gres = parseEntry(entry);
    if (gres) out.push(gres);
  }
  return out;
}

function parseEntry(entry: string): Gres | undefined {
  const trimmed = entry.trim().replace(/^gres[:/]/, '');
  if (trimmed === '' || trimmed === '(null)' || trimmed.toLowerCase() === 'n/a') return undefined;
  const paren = trimmed.indexOf('(');
  const spec = paren === -1 ? trimmed : trimmed.slice(0, paren);
  const meta = paren === -1 ? '' : trimmed.slice(paren + 1, trimmed.lastIndexOf(')'));
  // TRES style (`gpu:a100=2`) and GRES style (`gpu:a100:2`) both occur.
  const parts = spec.replace('=', ':').split(':');
  const name = parts[0];
  if (!name) return undefined;
  const last = parts.at(-1) ?? '';
  const hasCount = parts.length > 1 && /^\d+$/.test(last);
  const count = hasCount ? Number(last) : 1;
  const typeParts = parts.slice(1, hasCount ? -1 : undefined).filter((p) => p !== 'no_consume');
  const type = typeParts.length > 0 ? typeParts.join(':') : undefined;
  return { name, type, count, indexes: parseIndexes(meta) };
}

/** `IDX:0-2,5` -> [0,1,2,5]; `IDX:N/A` -> []; socket-only meta (`S:0-1`) -> undefined. */
function parseIndexes(meta: string): number[] | undefined {
  const match = /IDX:([^()]*)/.exec(meta);
  if (!match) return undefined;
  return expandRanges(match[1] ?? '');
}

/** `0-2,5` -> [0,1,2,5]; anything unparsable yields []. */
export function expandRanges(list: string): number[] {
  const out: number[] = [];
  for (const part of list.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) continue;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    for (let i = from; i <= to && i - from < 100_000; i++) out.push(i);
  }
  return out;
}

/** Commas inside `(IDX:0,2)` do not separate entries. */
function splitOutsideParens(value: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(value.slice(start));
  return parts;
}

/** Sum of GPU counts in a GRES list, optionally of one type. */
export function countGpus(gres: readonly Gres[], type?: string): number {
  return gres
    .filter((g) => g.name === 'gpu' && (type === undefined || g.type === type))
    .reduce((sum, g) => sum + g.count, 0);
}

/** `cpu=1,mem=1G,node=1,gres/gpu=2` -> { cpu: '1', mem: '1G', node: '1', 'gres/gpu': '2' }. */
export function parseTres(value: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === undefined) return out;
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

/** GPUs in a TRES string (`gres/gpu=2`), 0 when none. */
export function gpusFromTres(value: string | undefined): number {
  const count = parseTres(value)['gres/gpu'];
  return count !== undefined && /^\d+$/.test(count) ? Number(count) : 0;
}
