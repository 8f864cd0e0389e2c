/**
 * The shortest hostlist we can write for a set of names, as Slurm prints them:
 * n1 n2 n3 n7 -> `n[1-3,7]`; gpu01..gpu04 -> `gpu[01-04]`; rack1-n01 rack1-n02 rack2-n01
 * rack2-n02 -> `rack[1-2]-n[01-02]`. Repeats are dropped and the result is sorted, so
 * expandHostlist(compressHostlist(names)) holds exactly the same names.
 */
export function compressHostlist(names: Iterable<string>): string {
  // First the last number of each name varies, then numbers further left, while groups match.
  let entries = groupByNumber(
    [...new Set(names)].map((name) => {
      const m = /^(.*?)(\d+)(\D*)$/.exec(name);
      return m ? { before: m[1] ?? '', digits: m[2] ?? '', after: m[3] ?? '' } : name;
    }),
  );
  for (;;) {
    const next = groupByNumber(
      entries.map((entry) => {
        const bracket = entry.indexOf('[');
        const head = bracket < 0 ? entry : entry.slice(0, bracket);
        const m = /^(.*?)(\d+)(\D*)$/.exec(head);
        if (!m || bracket < 0) return entry;
        return {
          before: m[1] ?? '',
          digits: m[2] ?? '',
          after: (m[3] ?? '') + entry.slice(bracket),
        };
      }),
    );
    if (next.length === entries.length) break;
    entries = next;
  }
  return entries
    .map((entry) => entry.replace(/\[(\d+)\]/g, '$1'))
    .sort(naturalOrder)
    .join(',');
}

type Split = { before: string; digits: string; after: string } | string;

/** Names that differ only in one number become `before[ranges]after` (always bracketed here). */
function groupByNumber(items: Split[]): string[] {
  const groups = new Map<string, { before: string; after: string; digits: string[] }>();
  const plain: string[] = [];
  for (const item of items) {
    if (typeof item === 'string') {
      plain.push(item);
      continue;
    }
    const key = `${item.before}\0${item.after}`;
    const group = groups.get(key) ?? { before: item.before, after: item.after, digits: [] };
    group.digits.push(item.digits);
    groups.set(key, group);
  }
  const grouped = [...groups.values()].map(
    ({ before, after, digits }) => `${before}[${ranges(digits)}]${after}`,
  );
  return [...plain, ...grouped];
}

/** Numbers as written -> `1-3,7,09-11`; a range keeps one width, as expandHostlist reads it. */
export function ranges(digits: readonly string[]): string {
  const sorted = [...new Set(digits)].sort(
    (a, b) => Number(a) - Number(b) || a.length - b.length || a.localeCompare(b),
  );
  const out: Array<{ lo: string; hi: string; last: number; width: number }> = [];
  for (const text of sorted) {
    const value = Number(text);
    const run = out.at(-1);
    if (run && value === run.last + 1 && String(value).padStart(run.width, '0') === text) {
      run.hi = text;
      run.last = value;
    } else {
      out.push({ lo: text, hi: text, last: value, width: text.length });
    }
  }
  return out.map(({ lo, hi }) => (lo === hi ? lo : `${lo}-${hi}`)).join(',');
}

/** n2 before n10; then by text. */
export function naturalOrder(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true }) || (a < b ? -1 : a > b ? 1 : 0);
}
