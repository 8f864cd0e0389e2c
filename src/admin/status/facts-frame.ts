import { randomBytes } from 'node:crypto';

/**
 * Remote scripts print each fact on one line, `MARKER key value`, so one round trip carries many
 * facts and nothing else the host prints (a banner, a tool's chatter) is taken for one.
 */
export function newFactMarker(): string {
  return `@sdf-${randomBytes(6).toString('hex')}`;
}

/**
 * The sh function every remote script uses to print a fact (a builtin: no process per fact).
 * Values are single lines by construction; a stray second line lacks the marker and is dropped.
 */
export const FACT_FUNCTION = String.raw`fact() { printf '%s %s %s\n' "$M" "$1" "$2"; }`;

/** Longest value kept: a fact is a version, a checksum or a log line, never a file. */
const MAX_VALUE = 600;

/** Facts by key, in the order printed; a key may be printed several times (log lines). */
export type Facts = ReadonlyMap<string, readonly string[]>;

export function parseFacts(stdout: string, marker: string): Facts {
  const facts = new Map<string, string[]>();
  const prefix = `${marker} `;
  for (const line of stdout.split('\n')) {
    if (!line.startsWith(prefix)) continue;
    const rest = line.slice(prefix.length);
    const space = rest.indexOf(' ');
    const key = space < 0 ? rest : rest.slice(0, space);
    const value =
      space < 0
        ? ''
        : rest
            .slice(space + 1)
            .trim()
            .slice(0, MAX_VALUE);
    if (key === '') continue;
    const list = facts.get(key) ?? [];
    list.push(value);
    facts.set(key, list);
  }
  return facts;
}

export const fact = (facts: Facts, key: string): string | undefined => {
  const value = facts.get(key)?.[0];
  return value === undefined || value === '' ? undefined : value;
};

export const numberFact = (facts: Facts, key: string): number | undefined => {
  const value = fact(facts, key);
  return value !== undefined && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : undefined;
};

/** `SHA256 PATH` facts (a file's checksum, empty when unreadable) by path. */
export function fileSums(
  facts: Facts,
  key: string,
): Array<{ path: string; sha256: string | undefined }> {
  return (facts.get(key) ?? []).flatMap((value) => {
    const match = /^([0-9a-f]{64})? ?(.+)$/.exec(value);
    return match?.[2] ? [{ path: match[2], sha256: match[1] }] : [];
  });
}
