import { SlurmdeckError } from '../../core/errors.js';

/** More names than any cluster has: a typo like `n[1-1000000]` stops here, not in memory. */
export const MAX_HOSTLIST_NAMES = 65_536;

/**
 * Expands Slurm's hostlist syntax: `n[1-3,7],gpu[01-04]` -> n1 n2 n3 n7 gpu01 ... gpu04. A range
 * keeps the width of its first number (`[08-10]` -> 08 09 10), several bracket groups in one name
 * multiply (`rack[1-2]-n[01-02]`: the first group varies slowest). Order is kept, repeats dropped.
 */
export function expandHostlist(text: string): string[] {
  const names = new Set<string>();
  for (const item of splitTopLevel(text)) {
    for (const name of expandItem(item, text)) {
      names.add(name);
      if (names.size > MAX_HOSTLIST_NAMES) {
        bad(text, `it names more than ${MAX_HOSTLIST_NAMES} hosts`);
      }
    }
  }
  return [...names];
}

/** Items separated by commas (or whitespace) outside brackets. */
function splitTopLevel(text: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let current = '';
  // An empty name is one between two commas (or before the first): spaces around names are fine.
  let afterComma = true;
  for (const [i, char] of [...text].entries()) {
    if (char === '[') {
      if (depth > 0) bad(text, `"[" inside brackets at position ${i + 1}`);
      depth = 1;
    } else if (char === ']') {
      if (depth === 0) bad(text, `"]" without "[" at position ${i + 1}`);
      depth = 0;
    }
    if (depth === 0 && (char === ',' || /\s/.test(char))) {
      if (current !== '') items.push(current);
      else if (char === ',' && afterComma) bad(text, `an empty name at position ${i + 1}`);
      if (current !== '' || char === ',') afterComma = char === ',';
      current = '';
    } else {
      current += char;
    }
  }
  if (depth > 0) bad(text, 'a "[" is never closed');
  if (current !== '') items.push(current);
  else if (afterComma && items.length > 0) bad(text, 'it ends with ","');
  if (items.length === 0) bad(text, 'it names no host');
  return items;
}

/** One item: literal text and bracket groups, multiplied out. */
function expandItem(item: string, whole: string): string[] {
  let names = [''];
  for (const part of item.split(/(\[[^\]]*\])/)) {
    if (part === '') continue;
    if (part.startsWith('[')) {
      const values = expandRanges(part.slice(1, -1), whole);
      if (names.length * values.length > MAX_HOSTLIST_NAMES) {
        bad(whole, `it names more than ${MAX_HOSTLIST_NAMES} hosts`);
      }
      names = names.flatMap((prefix) => values.map((value) => prefix + value));
    } else {
      if (!/^[A-Za-z0-9._-]+$/.test(part)) {
        bad(whole, `${JSON.stringify(part)} is not a host name (letters, digits, ".", "_", "-")`);
      }
      names = names.map((prefix) => prefix + part);
    }
  }
  return names;
}

/** `1-3,7,09-11` -> 1 2 3 7 09 10 11; each range padded to the width of its first number. */
function expandRanges(body: string, whole: string): string[] {
  if (body.trim() === '') bad(whole, 'empty brackets "[]"');
  const values: string[] = [];
  for (const range of body.split(',')) {
    const match = /^\s*(\d+)(?:-(\d+))?\s*$/.exec(range);
    if (!match) {
      bad(whole, `${JSON.stringify(range)} is not a number or a range like 1-4`);
    }
    const [, lo = '', hi = lo] = match;
    const from = Number(lo);
    const to = Number(hi);
    if (to < from) bad(whole, `the range ${lo}-${hi} runs backwards`);
    if (to - from + values.length >= MAX_HOSTLIST_NAMES) {
      bad(whole, `it names more than ${MAX_HOSTLIST_NAMES} hosts`);
    }
    for (let n = from; n <= to; n++) values.push(String(n).padStart(lo.length, '0'));
  }
  return values;
}

function bad(text: string, why: string): never {
  throw new SlurmdeckError('INVALID_ARGUMENT', `hostlist ${JSON.stringify(text)}: ${why}`, {
    hint: 'Write hosts as Slurm does: n1,n2 or n[1-3,7] or gpu[01-04] or rack[1-2]-n[01-08].',
  });
}
